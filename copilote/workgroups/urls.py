app_name = "workgroups"

urlpatterns: list = []
