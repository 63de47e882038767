package discover

// The phrase lists below are matched against the folded text of a link (see
// fold): lower case, Latin diacritics removed, punctuation turned into single
// spaces. A phrase written in a script that does not separate words by
// spaces (Chinese, Japanese) matches anywhere in the text; any other phrase
// must match whole words. A phrase written with a leading "=" matches only
// the whole label: a word that labels a sign-in link alone but means
// something else in a sentence.

// loginPhrases label a link to a login page.
var loginPhrases = []string{
	// English
	"log in", "login", "log on", "logon", "sign in", "signin", "sign on", "member login",
	"customer login", "account login", "sign into", "log into",
	// German
	"anmelden", "einloggen", "login bereich", "zum login", "kundenlogin", "kundenbereich",
	// French
	"connexion", "se connecter", "me connecter", "connectez vous", "identifiez vous",
	"identification", "s identifier", "espace client", "espace membre",
	// Spanish, Catalan, Galician
	"iniciar sesion", "inicia sesion", "inicio de sesion", "acceder", "ingresar", "ingresa",
	"entrar", "identificate", "conectate", "=conectar", "conectarse", "iniciar sessio", "inicia la sessio", "accedir",
	"area cliente", "area de cliente", "area de clientes", "area privada", "acceso clientes",
	// Italian
	"accedi", "accesso", "=entra",
	// Portuguese
	"fazer login", "iniciar sessao", "acessar", "area do cliente",
	// Dutch
	"inloggen", "log in op",
	// Scandinavian, Finnish, Icelandic
	"logga in", "logg inn", "log ind", "kirjaudu", "kirjaudu sisaan", "innskraning",
	// Polish, Czech, Slovak, Hungarian, Romanian, Croatian, Slovenian
	"zaloguj", "zaloguj sie", "zalogowac", "zalogowac sie", "logowanie", "prihlasit", "prihlaseni", "prihlasenie",
	"prihlasit se", "prihlaste se", "bejelentkezes", "belepes", "autentificare", "conectare",
	"prijava", "prijavi se", "prijavite se",
	// Greek, Turkish
	"συνδεση", "εισοδος", "giris", "giris yap", "oturum ac",
	// Russian, Ukrainian, Bulgarian, Serbian
	"войти", "вход", "влез", "влизане", "авторизация", "увійти", "вхід", "вход в системата", "пријава",
	// Arabic, Hebrew, Persian, Hindi, Thai, Vietnamese, Indonesian
	"تسجيل الدخول", "دخول", "התחברות", "כניסה", "ورود", "लॉग इन", "साइन इन",
	"เข้าสู่ระบบ", "dang nhap", "masuk", "log masuk",
	// Chinese, Japanese, Korean
	"登录", "登入", "登錄", "登陆", "ログイン", "サインイン", "로그인",
}

// accountPhrases name a person's account area: a weak sign-in hint, worth
// less than an explicit "log in" (the link often leads to a sign-in page,
// but it may as well be a menu or a profile).
var accountPhrases = []string{
	"my account", "your account", "=account", "=konto", "mein konto", "mein bereich", "kundenkonto",
	"mon compte", "mon espace", "mi cuenta", "mi perfil", "il mio account", "minha conta",
	"mijn account", "moje konto", "muj ucet", "min konto", "mit konto", "oma tili",
	"hesabim", "личный кабинет", "мой аккаунт", "мой кабинет", "особистий кабінет",
	"我的账户", "我的帐户", "个人中心", "会员中心", "マイページ", "マイアカウント", "마이페이지",
}

// logoutPhrases label a link that ends a session; such links are never
// candidates.
var logoutPhrases = []string{
	"log out", "logout", "log off", "logoff", "sign out", "signout", "abmelden", "ausloggen",
	"deconnexion", "se deconnecter", "cerrar sesion", "salir", "esci", "disconnetti", "sair",
	"terminar sessao", "uitloggen", "afmelden", "logga ut", "logg ut", "log ud",
	"kirjaudu ulos", "wyloguj", "odhlasit", "odhlaseni", "kijelentkezes", "cikis", "cikis yap",
	"выйти", "выход", "вийти", "退出", "登出", "注销", "ログアウト", "로그아웃",
}

// registerPhrases label a link to a registration page.
var registerPhrases = []string{
	// English
	"sign up", "signup", "register", "registration", "create account", "create an account",
	"create your account", "join now", "join free", "join us", "new account", "open an account",
	"get started", "new user", "new customer", "not a member", "create a free account",
	"create free account", "create new account",
	// German
	"registrieren", "registrierung", "jetzt registrieren", "konto erstellen",
	"konto anlegen", "neues konto", "kundenkonto anlegen", "benutzerkonto erstellen",
	// French
	"s inscrire", "inscription", "creer un compte", "creer mon compte", "creez un compte",
	"creez votre compte", "ouvrir un compte", "inscrivez vous",
	// Spanish, Catalan
	"registrarse", "registrate", "registrese", "registro", "crear cuenta", "crear una cuenta", "crea tu cuenta", "crea una cuenta",
	"darse de alta", "registrar se", "registra t", "crea un compte",
	// Italian
	"registrati", "registrazione", "crea account", "crea un account", "crea il tuo account",
	"iscriviti",
	// Portuguese
	"cadastre se", "cadastrar", "cadastro", "criar conta", "criar uma conta", "registar",
	"registre se",
	// Dutch
	"registreren", "account aanmaken", "maak een account",
	// Nordic, Finnish
	"registrera", "registrera dig", "skapa konto", "opret konto", "registrer", "opprett konto",
	"rekisteroidy", "luo tili", "opret bruger", "opret dig", "registrer deg",
	// Polish, Czech, Slovak, Hungarian, Romanian
	"zarejestruj", "zarejestruj sie", "rejestracja", "zaloz konto", "utworz konto", "registrovat",
	"registrace", "registracia", "regisztracio", "regisztralj", "inregistrare",
	"zaregistrovat", "zaregistrovat se", "zaregistrujte se", "registracija",
	"registriraj se", "registrirajte se",
	// Greek, Turkish, Russian, Ukrainian
	"εγγραφη", "kayit ol", "uye ol", "kaydol", "hesap olustur", "регистрация",
	"зарегистрироваться", "зарегистрируйтесь", "создать аккаунт", "реєстрація",
	"зареєструватися",
	// Arabic, Hebrew, Persian, Hindi, Thai, Vietnamese, Indonesian
	"التسجيل", "إنشاء حساب", "הרשמה", "ثبت نام", "पंजीकरण", "साइन अप", "สมัครสมาชิก",
	"dang ky", "daftar",
	// Chinese, Japanese, Korean
	"注册", "註冊", "新規登録", "会員登録", "アカウント作成", "アカウントを作成", "회원가입",
	"가입하기",
}

// resetPhrases label a link to a page that resets a forgotten password.
var resetPhrases = []string{
	// English
	"forgot password", "forgot your password", "forgotten password", "forgotten your password",
	"reset password", "reset your password", "password reset", "lost password",
	"lost your password", "recover password", "recover account", "account recovery",
	"forgot login", "trouble signing in", "trouble logging in", "can t sign in",
	"can t log in", "cannot log in", "need help signing in", "forgot", "retrieve password",
	"lost login", "request new password", "remind password", "password reminder",
	"set new password", "forgot my password",
	// German
	"passwort vergessen", "kennwort vergessen", "passwort zurucksetzen", "neues passwort anfordern",
	"kennwort zurucksetzen", "zugangsdaten vergessen", "neues passwort",
	// French
	"mot de passe oublie", "reinitialiser le mot de passe", "reinitialiser mot de passe",
	"j ai oublie mon mot de passe", "mot de passe perdu",
	// Spanish, Catalan
	"olvidaste tu contrasena", "olvide mi contrasena", "olvido su contrasena",
	"recuperar contrasena", "restablecer contrasena", "has oblidat la contrasenya",
	// Italian
	"password dimenticata", "hai dimenticato la password", "recupera password",
	// Portuguese
	"esqueceu a senha", "esqueceu sua senha", "esqueci minha senha", "esqueci a senha",
	"recuperar senha", "redefinir senha", "esqueceu se da palavra passe", "recuperar palavra passe",
	// Dutch, Nordic, Finnish
	"wachtwoord vergeten", "glomt losenord", "glomt ditt losenord", "glemt passord",
	"glemt adgangskode", "glemt kodeord",
	"unohditko salasanan", "unohtunut salasana",
	// Polish, Czech, Slovak, Hungarian, Romanian
	"nie pamietasz hasla", "zapomniales hasla", "zapomnialem hasla", "resetuj haslo",
	"zapomenute heslo", "zapomneli jste heslo", "zabudnute heslo", "elfelejtett jelszo",
	"ai uitat parola",
	// Greek, Turkish, Russian, Ukrainian
	"ξεχασατε τον κωδικο", "sifremi unuttum", "sifrenizi mi unuttunuz", "забыли пароль",
	"восстановить пароль", "восстановление пароля", "восстановления пароля", "выслать пароль",
	"напомнить пароль", "забули пароль", "забравена парола", "забравили сте паролата",
	// Arabic, Persian
	"نسيت كلمة المرور", "نسيت كلمة السر", "فراموشی رمز عبور", "رمز عبور را فراموش کرده اید",
	"دریافت رمز جدید",
	// Vietnamese, Indonesian, Thai
	"quen mat khau", "lupa kata sandi", "lupa password", "ลืมรหัสผ่าน",
	// Chinese, Japanese, Korean
	"忘记密码", "忘記密碼", "找回密码", "重置密码", "パスワードを忘れ", "パスワードをお忘れ",
	"パスワード再設定", "비밀번호 찾기", "비밀번호를 잊", "비밀번호 재설정",
}

// contactPhrases label a page that names the people behind a site.
var contactPhrases = []string{
	// English
	"contact", "contact us", "contacts", "get in touch", "imprint", "legal notice",
	"legal information", "site notice", "webmaster", "report a problem", "customer service",
	"customer support",
	// German
	"kontakt", "kontaktformular", "impressum", "kontaktieren sie uns", "anbieterkennzeichnung",
	"kundenservice",
	// French
	"nous contacter", "contactez nous", "mentions legales", "informations legales",
	"service client",
	// Spanish, Catalan, Italian, Portuguese
	"contacto", "contactanos", "contactenos", "aviso legal", "avis legal", "contacte",
	"atencion al cliente", "contatti", "contattaci", "servizio clienti", "note legali", "contato", "fale conosco",
	"fale com", "contacte nos", "central de atendimento", "atendimento ao cliente",
	// Dutch, Nordic, Finnish
	"neem contact op", "colofon", "klantenservice", "kontakta oss", "kontakt oss", "kontakt os",
	"yhteystiedot", "ota yhteytta",
	// Polish, Czech, Hungarian, Romanian, Turkish
	"kontakt z nami", "napisz do nas", "kapcsolat", "ugyfelszolgalat", "impresszum", "iletisim",
	"bize ulasin", "kontaktine informacija",
	"kunye",
	// Greek, Russian, Ukrainian
	"επικοινωνια", "контакты", "контакт", "связаться", "связаться с нами", "написать нам",
	"обратная связь", "контакти",
	// Arabic, Hebrew, Persian, Hindi, Thai, Vietnamese, Indonesian
	"اتصل بنا", "تواصل معنا", "צור קשר", "تماس با ما", "ارتباط با ما", "संपर्क", "ติดต่อเรา", "lien he",
	"hubungi kami", "kontak",
	// Chinese, Japanese, Korean
	"联系我们", "聯絡我們", "聯繫我們", "联系方式", "聯絡方式", "客服", "お問い合わせ",
	"問い合わせ", "お問合せ", "お問い合せ", "特定商取引法", "연락처", "문의하기", "고객센터",
}

// signInHelpPhrases label help about signing in: no sign-in link, and
// not as good a reset link as "Forgot your password?".
var signInHelpPhrases = []string{"sign in problems", "sign in help", "login problems",
	"login help", "log in problems", "problems signing in", "problems logging in"}

// authorPhrases name a page's writer: "Contact the author" reaches a
// writer, not the people who run the site.
var authorPhrases = []string{"author", "the author", "autor", "autorin", "auteur", "autore",
	"автор", "автора", "作者", "著者"}

// newsletterPhrases label a newsletter, a mailing list or a paid
// subscription: never an account registration.
var newsletterPhrases = []string{
	"newsletter", "newsletters", "mailing list", "mailing lists", "email updates",
	"e mail updates", "email alerts", "e mail alerts", "alerts", "notifications", "updates",
	"email sign up", "email signup", "e mail sign up", "subscribe", "subscribe now",
	"subscription", "subscriptions",
	"abonnieren", "abonnement", "abo", "s abonner", "abonnez vous", "lettre d information",
	"suscribete", "suscribirse", "suscripcion", "abbonati", "abbonamento", "assine",
	"assinatura", "abonneren", "prenumerera", "subskrybuj", "prenumerata",
	"подписаться", "подписка", "рассылка", "订阅", "訂閱", "メルマガ", "購読", "구독",
}

// changePasswordPhrases label a page that changes a known password: not a
// reset of a forgotten one.
var changePasswordPhrases = []string{
	"change password", "change your password", "change my password", "update password",
	"passwort andern", "kennwort andern", "modifier le mot de passe", "modifier mon mot de passe",
	"changer le mot de passe", "changer de mot de passe", "cambiar contrasena", "cambia password",
	"modifica password", "alterar senha", "mudar senha", "wachtwoord wijzigen", "zmien haslo",
	"zmenit heslo", "sifre degistir", "sifreyi degistir", "изменить пароль", "сменить пароль",
	"修改密码", "更改密码", "パスワード変更", "パスワードの変更", "비밀번호 변경",
}

// Path segments (lower case, file extension removed) that name a kind of
// page. Strong segments score pathStrong, weak ones pathWeak.
var (
	loginSegments = []string{
		"login", "log-in", "log_in", "signin", "sign-in", "sign_in", "logon", "log-on",
		"wp-login", "anmelden", "einloggen", "connexion", "inloggen", "acceder", "entrar",
		"accedi", "iniciar-sesion", "zaloguj", "logowanie", "prihlaseni", "bejelentkezes",
		"member-login", "customer-login", "userlogin", "user-login", "memberlogin",
		"adminlogin", "admin-login",
	}
	loginWeakSegments = []string{
		"auth", "sso", "oauth", "oauth2", "cas", "saml", "openid", "authorize", "authenticate",
		"account", "accounts", "myaccount", "my-account", "session", "sessions", "idp", "konto",
		"compte", "cuenta", "mein-konto", "kundenkonto", "benutzerkonto", "mon-compte", "mi-cuenta",
		"minha-conta", "mijn-account", "moje-konto", "muj-ucet", "belepes",
	}
	logoutSegments = []string{
		"logout", "log-out", "log_out", "signout", "sign-out", "sign_out", "logoff", "log-off",
		"abmelden", "deconnexion",
	}
	registerSegments = []string{
		"register", "registration", "signup", "sign-up", "sign_up", "join", "create-account",
		"createaccount", "new-account", "registrieren", "registrierung", "inscription",
		"registro", "registrati", "registrazione", "cadastro", "registreren", "rejestracja",
		"enroll", "enrol",
	}
	// newsletterSegments name newsletter and subscription pages.
	// Event sign-ups are no accounts either. A segment that contains
	// "newsletter" counts too (see notAccount).
	newsletterSegments = []string{"newsletters", "subscribe", "subscription",
		"subscriptions", "mailing-list", "mailinglist", "mailing-lists", "lists", "abo",
		"abonnement", "abonnieren", "lettre-information", "lettre-d-information", "suscripcion",
		"abbonamento", "assinatura", "unsubscribe", "push", "event", "events", "conference",
		"conferences", "webinar", "webinars"}
	// topicSegments name pages that list articles by tag, category or
	// topic: /tags/login is about logging in, not a way to.
	topicSegments = []string{"tag", "tags", "category", "categories", "topic", "topics",
		"kategorie", "kategorien", "categorie", "categoria", "categorias", "rubrique",
		"rubriques", "etiqueta", "etiquetas", "schlagwort"}
	// changePasswordSegments name pages that change a known password.
	changePasswordSegments = []string{"change-password", "change_password", "changepassword",
		"password-change", "edit-password", "update-password", "modifier-mot-de-passe",
		"passwort-aendern", "passwort-andern"}
	resetSegments = []string{
		"forgot", "forgot-password", "forgot_password", "forgotpassword", "lost-password",
		"lostpassword", "lost_password", "reset-password", "reset_password", "resetpassword",
		"password-reset", "password_reset", "passwordreset", "recover", "recovery",
		"recover-password", "passwort-vergessen", "mot-de-passe-oublie", "lostpass", "lostpw",
		"forgotten-password", "forgotten_password", "password-forgotten", "password_forgotten",
		"passwordforgotten", "forgetpassword", "forget-password", "forget_password", "forgotpass",
		"remind-password", "remind_password", "remindpassword", "passremind", "password-remind",
		"passwordremind", "envoi_motdepasse", "mot-de-passe-perdu", "passvergessen",
		"glemt-adgangskode", "glemt-kodeord", "esqueceusenha", "esqueci-senha", "elfelejtett_jelszo",
		"elfelejtett-jelszo",
	}
	resetWeakSegments = []string{"password", "passwords", "reset", "passwort", "kennwort"}
	contactSegments   = []string{
		"contact", "contact-us", "contactus", "contact_us", "contacts", "kontakt", "impressum",
		"imprint", "mentions-legales", "mentionslegales", "aviso-legal", "avisolegal",
		"contacto", "contatti", "contato", "legal-notice", "humans", "contactez-nous",
		"nous-contacter", "kontakty", "iletisim", "colofon",
	}
	contactWeakSegments = []string{"support", "help", "legal", "kundenservice",
		"customer-service", "service-client", "atendimento", "sac"}
	// notContactSegments name pages about people or the site that are
	// not a way to reach it: about pages, authors' pages, feedback forms.
	notContactSegments = []string{"about", "about-us", "aboutus", "ueber-uns", "uber-uns",
		"a-propos", "apropos", "quienes-somos", "chi-siamo", "over-ons", "feedback", "team",
		"company"}
)
