package plan

import "github.com/sesame-help/sesame/internal/diagnose"

// This file is the single list of message keys the package emits. Every
// key is a constant below with its name and parameter count in keyTable,
// like package diagnose's keys (static data: no work when the WebAssembly
// helper starts). Keys from kActionLoginLink to kActionReload belong to
// package diagnose, which has their words; the others are this package's
// own, with words in messages/locales next to diagnose's. A test checks
// both kinds against the locales and diagnose.Keys.

// key is a message key: an index into keyTable.
type key uint8

// keyInfo is a message key's name and the number of parameters its words
// use.
type keyInfo struct {
	name   string
	params int
}

// Message keys, grouped by family; see messages/locales/en.json for the
// words.
const (
	// Keys of package diagnose emitted here too.
	kActionLoginLink key = iota
	kActionLoginLinkHost
	kActionReset
	kActionReload

	numReused // keys before this one belong to package diagnose

	kActionRegister key = iota - 1
	kActionRegisterHost
	kActionTypo
	kActionClearReload
	kActionWatch
	kActionContact
	kActionReport
	kActionReportTo
	kActionArchive

	kContactSecurity
	kContactSecurityExpired
	kContactMailto
	kContactImprint
	kContactPage
	kContactHumans

	kDetailURL
	kDetailStatus
	kDetailTime
	kDetailBrowser
	kDetailOS
	kDetailDiagnosis
	kDetailSubstatus
	kDetailBlock
	kDetailReference
	kDetailRequestID

	kMailSubject
	kMailIntro

	numKeys // the number of keys
)

// keyTable holds each key's name and parameter count.
var keyTable = [numKeys]keyInfo{
	kActionLoginLink:     {"action_login_link", 0},
	kActionLoginLinkHost: {"action_login_link_host", 1},
	kActionReset:         {"action_reset", 0},
	kActionReload:        {"action_reload", 0},

	kActionRegister:     {"action_register", 0},
	kActionRegisterHost: {"action_register_host", 1},
	kActionTypo:         {"action_typo", 1},
	kActionClearReload:  {"action_clear_reload", 1},
	kActionWatch:        {"action_watch", 0},
	kActionContact:      {"action_contact", 0},
	kActionReport:       {"action_report", 0},
	kActionReportTo:     {"action_report_to", 1},
	kActionArchive:      {"action_archive", 0},

	kContactSecurity:        {"contact_security_txt", 1},
	kContactSecurityExpired: {"contact_security_txt_expired", 1},
	kContactMailto:          {"contact_mailto", 1},
	kContactImprint:         {"contact_imprint", 0},
	kContactPage:            {"contact_page", 0},
	kContactHumans:          {"contact_humans", 0},

	kDetailURL:       {"detail_url", 1},
	kDetailStatus:    {"detail_status", 1},
	kDetailTime:      {"detail_time", 1},
	kDetailBrowser:   {"detail_browser", 1},
	kDetailOS:        {"detail_os", 1},
	kDetailDiagnosis: {"detail_diagnosis", 1},
	kDetailSubstatus: {"detail_substatus", 1},
	kDetailBlock:     {"detail_block", 1},
	kDetailReference: {"detail_reference", 1},
	kDetailRequestID: {"detail_request_id", 2},

	kMailSubject: {"mail_subject", 2},
	kMailIntro:   {"mail_intro", 0},
}

// name is the key's name, as in messages.json.
func (k key) name() string { return keyTable[k].name }

// Keys returns every message key this package adds (not the keys of
// package diagnose it also emits), with the number of positional
// parameters ($1 … $n) its message takes.
func Keys() map[string]int {
	m := make(map[string]int, len(keyTable)-int(numReused))
	for _, k := range keyTable[numReused:] {
		m[k.name] = k.params
	}
	return m
}

// msg makes a Message from the key with exactly the key's number of
// parameters: missing ones are "", extra ones are dropped.
func (k key) msg(params ...string) diagnose.Message {
	p := make([]string, keyTable[k].params)
	copy(p, params)
	return diagnose.Message{Key: keyTable[k].name, Params: p}
}

// action makes an Action of kind labelled by the key.
func (k key) action(kind, url string, params ...string) Action {
	m := k.msg(params...)
	return Action{Action: diagnose.Action{Kind: kind, URL: url, Key: m.Key, Params: m.Params}}
}
