from django.contrib.auth import views
from django.urls import path

# Django's own views, as a Django project would route them; the templates are small pages like
# Latchkey's (peer/templates/registration).
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password_reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    # A signed-in page (the session and its user looked up, then rendered): beside Latchkey's
    # account page.
    path("accounts/password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    # Where a change leads: beside Latchkey's account page with its notice, rendered for its view.
    path("accounts/password_change/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
