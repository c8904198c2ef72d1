app_name = "actors"

urlpatterns = []
