app_name = "composition"

urlpatterns: list = []
