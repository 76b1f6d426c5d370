"""URL × role expectations of « Nouvelle expérimentation » (network administrators only)."""

OTHER_URLS = {
    "start_territory": ({}, 302, 403),
    "start_programme": ({"territory": "nulle-part"}, 302, 403),
    "start_partner_search": ({"territory": "nulle-part"}, 302, 403),
}
