from django.urls import path

from giapranh.territory import views

app_name = "territory"

urlpatterns = [
    path("units/picker/", views.unit_picker, name="unit_picker"),
]
