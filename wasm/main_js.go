//go:build js && wasm

package main

import (
	"errors"
	"strconv"
	"syscall/js"
)

// main publishes globalThis.sesame and keeps the Go program alive so its
// functions stay callable.
func main() {
	publish(js.Global())
	select {}
}

// publish builds the sesame namespace, freezes it and sets it as the
// "sesame" property of target. When it returns, target.sesame.ready is true.
func publish(target js.Value) {
	object := js.Global().Get("Object")
	ns := object.New()
	ns.Set("version", version)
	for _, name := range names() {
		ns.Set(name, promiseFunc(name))
	}
	ns.Set("ready", true)
	object.Call("freeze", ns)
	target.Set("sesame", ns)
}

// promiseFunc wraps the named handler as a JavaScript function taking one
// JSON string and returning a Promise of a JSON string. Argument errors
// and core errors reject the promise with an Error; nothing panics.
func promiseFunc(name string) js.Func {
	return js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		promise := js.Global().Get("Promise")
		defer func() {
			if r := recover(); r != nil {
				result = promise.Call("reject", jsError(internalError(name, r)))
			}
		}()
		in, err := argument(name, handlers[name].max, args)
		if err != nil {
			return promise.Call("reject", jsError(err))
		}
		out, err := call(name, in)
		if err != nil {
			return promise.Call("reject", jsError(err))
		}
		return promise.Call("resolve", string(out))
	})
}

// argument checks that args is exactly one string of at most max bytes
// and returns it. The length is checked before the string is copied into
// Go memory: a UTF-16 unit takes at least 1 byte in UTF-8, so more than
// max units is always too large. (js.Value.Length panics on a
// string, so the length is read through a String wrapper object.)
func argument(name string, max int, args []js.Value) ([]byte, error) {
	if len(args) != 1 {
		return nil, errors.New("sesame: " + name + ": want 1 argument (a JSON string), got " + strconv.Itoa(len(args)))
	}
	a := args[0]
	if a.Type() != js.TypeString {
		return nil, errors.New("sesame: " + name + ": argument must be a JSON string, not " + a.Type().String())
	}
	if js.Global().Get("Object").New(a).Get("length").Int() > max {
		return nil, errTooLarge(max)
	}
	return []byte(a.String()), nil
}

// jsError returns a JavaScript Error carrying err's message.
func jsError(err error) js.Value {
	return js.Global().Get("Error").New(err.Error())
}
