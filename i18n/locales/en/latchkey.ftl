# Latchkey's words in English: every page, message and email. The English labels are the
# contract (CONTRACT §4); another language is another folder beside this one with one file
# carrying every message below.

# The language's own name, on the switch of every page.
language-name = English
language-switch = Language

## Pages' titles and headings

login-title = Log in
login-heading = Log in
forgot-title = Forgot password
forgot-heading = Reset your password
reset-title = Choose a new password
reset-heading = Choose a new password
reset-heading-invited = Choose a password for your account
done-title-reset = Password reset
done-heading-reset = Your password has been reset
done-message-reset = You have been signed out everywhere. Log in with your new password.
done-title-welcome = Password set
done-heading-welcome = Your password is set
done-message-welcome = Your account is ready. Log in with your new password.
account-title = Your account
change-title = Change password
not-found-title = Page not found
users-title = Accounts
audit-title = Audit log
delete-title = Delete account

## Fields and buttons

field-email = Email
field-password = Password
field-name = Name
field-role = Role
field-current-password = Current password
field-new-password = New password
field-confirm-password = Confirm new password
button-login = Login
button-reset = Reset
button-set-password = Set password
button-change-password = Change password
button-save-name = Save name
button-log-out = Log out
button-sign-out-everywhere = Sign out everywhere
button-show = Show
button-hide = Hide
caps-lock-on = Caps Lock is on.
loading = Loading…

## Login, forgot, reset

forgot-password-link = Forgot Password?
forgot-intro = Enter the email address of your account and we will send you a link to choose a new password.
forgot-sent = If an account exists for that address, we have sent it an email with a link to reset your password. Check your inbox.
back-to-login = Back to login
reset-checking = Checking your link…
reset-for = For
invalid-link-heading = This link is invalid or has expired
invalid-link-explained = Reset links work once, for a limited time, and only the newest one you asked for. Ask for a new link and use the email it sends.
request-new-link = Request a new link
login-again = Login again

## New password

rules-intro = Your new password must be:
rule-length = { $min } to { $max } characters long (spaces and any symbols are fine)
rule-no-email = free of your email address
rule-not-common = not one of the commonly used passwords
rule-mixed-case = a mix of upper-case and lower-case letters
rule-digits = at least { $min } { $min ->
    [one] digit
   *[other] digits
}
rule-symbols = at least { $min } { $min ->
    [one] symbol
   *[other] symbols
}
rule-no-runs = free of runs like abc, 123 or 111
strength-too-short = Strength: too short
strength-fair = Strength: fair
strength-good = Strength: good
strength-strong = Strength: strong

## Account

account-heading = Your account
account-password-changed = Your password has been changed. Every other session has ended; you are still signed in here.
account-name-saved = Your name has been saved.
manage-accounts = Manage accounts
sign-out-everywhere-hint = Signed in somewhere you no longer use? End every session, on every device.
back-to-account = Back to your account
go-to-login = Go to the login page
app-error-title = This application cannot sign you in
app-error-unknown-app = The application that sent you here is not registered with this portal. Tell the application's team.
app-error-redirect-uri = The application that sent you here asked to be answered at an address it has not registered, so you were not sent back to it. Tell the application's team.
role-owner = API Owner
role-consumer = API Consumer

## Administration

admin-nav = Administration
nav-accounts = Accounts
nav-audit = Audit log
nav-your-account = Your account
pages-nav = Pages
admin-owners-only = Only API Owners can see this page.
users-done-invited = The invitation is on its way.
users-done-disable = The account is disabled and its sessions have ended.
users-done-enable = The account is enabled.
users-done-set-role = The role has been changed.
users-done-send-reset-link = A link to choose a new password is on its way.
users-done-delete = The account has been deleted.
search-by-email = Search by email
button-search = Search
no-accounts = No accounts match.
users-table = Accounts
column-email = Email
column-name = Name
column-role = Role
column-status = Status
column-last-login = Last login
column-actions = Actions
first-page = First page
next-page = Next page
status-invited = Invited
status-disabled = Disabled
status-active = Active
button-enable = Enable
button-disable = Disable
role-of = Role of { $email }
button-change-role = Change role
of-account = of { $email }
you = (you)
never = Never
button-send-reset-link = Send reset link
button-delete = Delete
invite-heading = Invite
button-invite = Invite
filter-by-email = Filter by email
button-filter = Filter
no-events = No events.
audit-table = Audit events, newest first
column-when = When
column-event = Event
column-account = Account
column-by-owner = By API Owner
column-ip = IP address
newest = Newest
older-events = Older events
delete-confirm = Delete { $email } ({ $role })? Their sessions and links end now; the audit log keeps their history. This cannot be undone.
button-delete-account = Delete account
cancel = Cancel
back-to-accounts = Back to the accounts

## Errors

error-invalid = Please correct the fields marked below.
error-invalid-credentials = Incorrect email or password.
error-unauthenticated = Please log in to continue.
error-forbidden = Only API Owners can do this.
error-no-such-account = There is no account with that email address.
error-last-owner = This is the last active API Owner: make another account an API Owner first.
error-account-disabled = This account is disabled: enable it first.
error-invalid-reset-link = This link is invalid or has expired.
error-throttled = Too many attempts. Please try again in { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
}.
error-unavailable = The service is temporarily unavailable. Please try again in a moment.
error-busy = The service is busy. Please try again in a moment.
error-bad-request = The request could not be read: a field is missing, sent twice, or malformed.
problem-password-missing = Enter your password.
problem-wrong-password = That is not your current password.
problem-email-taken = An account with this email address already exists.
problem-unknown-role = Choose API Owner or API Consumer.
problem-email-missing = Enter your email address.
problem-email-too-long = An email address can be at most 254 characters long.
problem-email-malformed = Enter an email address like name@example.com.
problem-name-too-long = A name can be at most 100 characters long.
problem-name-control-characters = A name is one line of ordinary characters.
problem-too-short = Use at least { $min } characters.
problem-too-long = Use at most { $max } characters.
problem-contains-email = Do not use your email address in your password.
problem-needs-mixed-case = Use both upper-case and lower-case letters.
problem-needs-digits = Use at least { $min } { $min ->
    [one] digit
   *[other] digits
}.
problem-needs-special = Use at least { $min } { $min ->
    [one] symbol
   *[other] symbols
}, such as ! or #.
problem-sequential = Avoid runs like abc, 123 or 111.
problem-too-common = This password is too common. Choose another.
problem-mismatch = The two passwords do not match.

## Emails

duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}
mail-or-paste = Or paste this link into your browser:
mail-reset-subject = Reset your { $portal } password
mail-reset-intro = Someone (hopefully you) asked to reset the password of your { $portal } account.
mail-reset-open = To choose a new password, open this link:
mail-reset-button = Reset your password
mail-reset-validity = The link is valid for { $validity } and works once.
mail-reset-unasked = If you did not ask for this, ignore this email: your password stays as it is.
mail-invite-subject = You're invited to { $portal }
mail-invite-intro = You have been invited to { $portal }.
mail-invite-open = To choose your password and sign in, open this link:
mail-invite-button = Choose your password
mail-invite-validity = The link is valid for { $validity } and works once. If it has expired, ask for a new one with "Forgot Password?" on the login page.
mail-invite-unexpected = If you did not expect this invitation, ignore this email.
mail-changed-subject = Your { $portal } password was changed
mail-changed-intro = The password of your { $portal } account was just changed, and every other session was signed out.
mail-changed-login = Log in with your new password
mail-changed-unasked-text = If you did not do this, reset your password now at { $url } and tell your portal's administrator.
mail-changed-reset-now = reset your password now
mail-changed-unasked-before = If you did not do this,
mail-changed-unasked-after = and tell your portal's administrator.

## Second factor: the security page, setting up an app, recovery codes, the login's second step
security-title = Sign-in and security
security-heading = Sign-in and security
security-link = Sign-in and security
security-app-heading = Authenticator app
security-app-off = Two-step verification is off: signing in asks only for your password.
security-app-on = Two-step verification is on: signing in asks for a code from your authenticator app after your password.
security-codes-left = { $n ->
    [one] One recovery code is left.
   *[other] { $n } recovery codes are left.
}
security-confirm-heading = Confirm your password
security-confirm-intro = Changes to how you sign in need your password, typed in the last 10 minutes.
security-confirmed = Thank you. You can change how you sign in for the next 10 minutes.
security-app-turned-off = Two-step verification is off.
security-required = This portal asks you to turn on two-step verification before you go on. Set up an authenticator app below.
button-setup-app = Set up authenticator app
button-turn-off = Turn off
button-new-codes = New recovery codes
button-confirm = Confirm
setup-title = Set up authenticator app
setup-heading = Set up authenticator app
setup-scan = Scan this QR code with your authenticator app, or type the secret into it. Then enter the code it shows.
setup-qr = QR code for your authenticator app
setup-secret = Secret
setup-uri = Link for the app
field-code = Code
button-turn-on = Turn on
codes-title = Recovery codes
codes-heading = Your recovery codes
codes-intro = Two-step verification is on. Each of these codes signs you in once when you cannot use your authenticator app. Keep them somewhere safe: they are shown only now.
codes-gone = Your recovery codes were shown once and cannot be shown again. If you have lost them, create new ones.
button-download = Download
link-back-security = Back to Sign-in and security
verify-title = Two-step verification
verify-heading = Two-step verification
verify-intro = Enter the code from your authenticator app, or one of your recovery codes.
button-verify = Verify
verify-ended = This sign-in has ended. Please log in again.
link-log-in-again = Log in again
error-recent-sign-in = Please confirm your password first.
error-second-step-ended = This sign-in has ended. Please log in again.
error-second-factor-required = This portal asks you to turn on two-step verification first, on the Sign-in and security page.
error-setup-expired = This setup page has expired. Please start again.
error-second-factor-on = Two-step verification is already on.
error-second-factor-off = Two-step verification is off.
error-passkey-refused = That passkey was not accepted. Try again, or sign in another way.
error-passkeys-unavailable = Passkeys are not available on this site.
error-no-such-passkey = That passkey is not on your account.
problem-passkey-name = Give the passkey a name of up to 64 characters.
problem-wrong-code = That code is not right. Enter the current code from your app, or an unused recovery code.
button-reset-second-factor = Reset two-step verification
users-done-reset-second-factor = Two-step verification was reset: every factor is removed and every session has ended.
mail-second-factor-on-subject = Two-step verification was turned on for your { $portal } account
mail-second-factor-on-intro = Two-step verification was turned on for your { $portal } account. Signing in now asks for a code from your authenticator app after your password.
mail-second-factor-off-subject = Two-step verification was turned off for your { $portal } account
mail-second-factor-off-intro = Two-step verification was turned off for your { $portal } account: signing in asks only for your password now.
mail-recovery-codes-subject = New recovery codes were created for your { $portal } account
mail-recovery-codes-intro = New recovery codes were created for your { $portal } account. The codes you had before no longer work.
mail-recovery-code-used-subject = A recovery code was used for your { $portal } account
mail-recovery-code-used-intro = A recovery code was used to sign in to your { $portal } account. { $n ->
    [one] One recovery code is left.
   *[other] { $n } recovery codes are left.
}
mail-passkey-added-subject = A passkey was added to your { $portal } account
mail-passkey-added-intro = A passkey was added to your { $portal } account. It signs you in on its own, with the device's PIN, fingerprint or face.
mail-passkey-removed-subject = A passkey was removed from your { $portal } account
mail-passkey-removed-intro = A passkey was removed from your { $portal } account: it no longer signs you in.
mail-security-review = Review how you sign in
mail-security-unasked = If this was not you, reset your password at once, then ask an API Owner of { $portal } to reset two-step verification.
security-passkeys-heading = Passkeys
security-passkeys-intro = A passkey signs you in with your device's PIN, fingerprint or face instead of your password, and can be the second step after your password.
field-passkey-name = Passkey name
button-add-passkey = Add a passkey
passkey-added = Added
passkey-last-used = Last used
passkey-never-used = Not used yet
button-remove-passkey = Remove
passkey-failed = No passkey was used. Try again.
security-passkey-added = The passkey was added.
security-passkey-removed = The passkey was removed.
security-passkey-needs-script = Adding a passkey needs JavaScript. Turn it on in your browser, then try again.
button-passkey-sign-in = Sign in with a passkey
button-use-passkey = Use a passkey
passkey-sign-in-needs-script = Signing in with a passkey needs JavaScript. Turn it on in your browser, or log in again another way.
security-app-none = No authenticator app is set up.
verify-passkey-intro = Use a passkey of this account to finish signing in.
verify-passkey-too = Or use a passkey of this account.
security-sessions-heading = Where you are signed in
security-sessions-intro = Every browser that is signed in to your account. Sign out any you do not recognise, then change your password.
session-device = { $browser } on { $system }
session-unknown-browser = Unknown browser
session-unknown-system = an unknown system
session-this-device = This device
session-network = Network
session-network-unknown = unknown
session-signed-in = Signed in
session-last-seen = Last seen
button-sign-out-session = Sign out
security-session-ended = That browser is signed out.
mail-new-sign-in-subject = New sign-in to your { $portal } account
mail-new-sign-in-intro = Your { $portal } account was just signed in to from a browser it had not been used in before.
mail-new-sign-in-when = When
mail-new-sign-in-device = Browser
mail-new-sign-in-network = Network
mail-new-sign-in-review = See where you are signed in
mail-new-sign-in-unasked-text = If this was not you, reset your password now at { $url }, then log in and select "Sign out everywhere" on your account page. If it was you, there is nothing to do.
mail-new-sign-in-unasked-before = If this was not you,
mail-new-sign-in-unasked-after = , then log in and select "Sign out everywhere" on your account page. If it was you, there is nothing to do.

## Sign-up
signup-link = Create an account
signup-title = Create your account
signup-heading = Create your account
signup-intro = Create an account for { $portal }. We will email you a link to confirm your address.
field-first-password = Password
field-first-confirm = Confirm password
button-create-account = Create account
signup-sent-heading = Check your email
signup-sent = We have sent an email to this address. Open the link in it to confirm your address and finish creating your account.
signup-have-account = Already have an account? Log in
confirm-title = Confirm your email address
confirm-heading = Confirm your email address
confirm-intro = Select Confirm to confirm this address and finish creating your account.
confirm-invalid-explained = Confirmation links work once, for a limited time. If you confirmed your address already, log in; otherwise create your account again.
confirm-ready-title = Your account is ready
confirm-ready-message = Your email address is confirmed. Log in with the password you chose.
confirm-pending-title = Your email address is confirmed
confirm-pending-message = An API Owner of { $portal } will review your sign-up. We will email you when they have decided.
problem-domain-not-allowed = Only addresses at { $domains } can create an account here.
error-signup-off = Sign-up is not available here.
error-invalid-confirm-link = This confirmation link is invalid or has expired.
error-not-pending = This account is not waiting for approval.
status-unconfirmed = Unconfirmed
status-pending = Pending
button-approve = Approve
button-decline = Decline
users-pending-heading = Waiting for approval
users-done-approve = The account is approved, and the person has been emailed.
users-done-decline = The sign-up was declined and removed, and the person has been emailed.
mail-confirm-subject = Confirm your email address for { $portal }
mail-confirm-intro = Someone (hopefully you) created a { $portal } account with this email address.
mail-confirm-open = To confirm the address, open this link and select Confirm:
mail-confirm-button = Confirm your email address
mail-confirm-validity = The link is valid for { $validity }.
mail-confirm-unasked = If you did not create this account, ignore this email: without a confirmation it is removed within a week.
mail-signup-existing-subject = Someone tried to create an account with your address
mail-signup-existing-intro = Someone (perhaps you) tried to create a { $portal } account with this email address. It has an account already, so nothing was changed.
mail-signup-existing-closing = If it was you, log in with your password, or choose a new one if you have forgotten it. If it was not you, there is nothing to do.
mail-signup-login = Log in
mail-signup-forgot = Choose a new password
mail-signup-waiting-subject = New sign-up waiting for approval
mail-signup-waiting-intro = { $email } signed up for { $portal } and confirmed the address. The account waits for an API Owner to approve or decline it.
mail-signup-waiting-closing = You receive this email because you are an API Owner of { $portal }.
mail-signup-review = Review sign-ups
mail-signup-approved-subject = Your account was approved
mail-signup-approved-intro = An API Owner of { $portal } approved your account: you can log in now.
mail-signup-approved-closing = Welcome to { $portal }.
mail-signup-declined-subject = Your account was not approved
mail-signup-declined-intro = An API Owner of { $portal } did not approve your account, and it has been removed.
mail-signup-declined-closing = If you think this is a mistake, ask the people behind { $portal }.
problem-domain-not-allowed-here = This email address cannot be used to create an account here.

## Applications (OpenID Connect)

nav-apps = Applications
apps-title = Applications
apps-intro = Applications that sign people in through this portal with OpenID Connect. People log in here, with their second factor, and come back signed in.
apps-done-removed = The application has been removed, and every token it was given revoked.
no-apps = No applications yet.
apps-table = Applications
column-client-id = Client ID
column-type = Type
column-redirect-uris = Redirect URIs
column-added = Added
app-public = Public (no secret)
app-confidential = Confidential
button-remove = Remove
add-app-heading = Add application
field-app-name = Name
field-redirect-uris = Redirect URIs
hint-redirect-uris = One per line, exactly as the application sends them: https, or http for localhost.
field-post-logout-uris = Post-logout redirect URIs (optional)
hint-post-logout-uris = Where the application may send people after signing them out, one per line.
field-public-app = Public application
hint-public-app = A browser or mobile app that cannot keep a secret: it gets none and proves itself with PKCE.
button-add-app = Add application
new-app-title = Application added
new-app-intro = Put these in the application's settings now: the secret is shown only this once.
new-app-public = None: a public application proves itself with PKCE.
new-app-gone = These credentials were shown already and cannot be shown again. Remove the application and add it again for a new secret.
back-to-apps = Back to applications
problem-app-name = Give the application a name of up to 100 characters.
problem-redirect-uris = Give one to ten addresses, one per line, each starting with https:// (or http://localhost), without a #fragment.
error-no-such-app = There is no such application (it may have been removed already).
