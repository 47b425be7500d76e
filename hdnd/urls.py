from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from councils import views as council_views
from hdnd.auth import ResetRequestForm
from reports import views as report_views

password_reset = auth_views.PasswordResetView.as_view(form_class=ResetRequestForm)

urlpatterns = [
    path("", report_views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("quen-mat-khau/", password_reset, name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("hoi-dong/<slug:slug>/", report_views.council_home, name="council_home"),
    path("", include("reports.urls")),
    path("", include("workbooks.urls")),
    path("tep/<path:name>", council_views.attachment, name="attachment"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin's login page links here ("Quên mật khẩu?") when this name exists.
    path("quan-tri/quen-mat-khau/", password_reset, name="admin_password_reset"),
    path("quan-tri/to-chuc-lai/", council_views.reorganise_page, name="reorganise"),
    path("quan-tri/", admin.site.urls),
]
