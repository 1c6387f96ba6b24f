from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class UnitType(models.TextChoices):
    """The official type word that prefixes a unit's name."""

    PROVINCE = "tinh", "Tỉnh"
    CENTRAL_CITY = "thanh_pho_tw", "Thành phố trực thuộc trung ương"
    DISTRICT = "huyen", "Huyện"
    URBAN_DISTRICT = "quan", "Quận"
    TOWN = "thi_xa", "Thị xã"
    PROVINCIAL_CITY = "thanh_pho", "Thành phố"
    COMMUNE = "xa", "Xã"
    WARD = "phuong", "Phường"
    TOWNSHIP = "thi_tran", "Thị trấn"
    SPECIAL_ZONE = "dac_khu", "Đặc khu"


class Edition(models.TextChoices):
    """Which official list a unit comes from; codes repeat across editions."""

    LEGACY_63 = "legacy63", _("63 provinces (until 30/06/2025)")
    REFORM_2025 = "reform2025", _("34 provinces (from 01/07/2025)")
