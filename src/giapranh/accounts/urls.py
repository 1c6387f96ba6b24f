from django.contrib.auth import views as auth_views
from django.urls import path

from giapranh.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.login_verify, name="login_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/keep-alive/", views.keep_alive, name="keep_alive"),
    path("account/two-step/", views.mfa_setup, name="mfa_setup"),
    path("account/two-step/qr.svg", views.mfa_qr, name="mfa_qr"),
]
