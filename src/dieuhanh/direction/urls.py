from django.urls import path

from dieuhanh.direction.views import conferences as conferences_views
from dieuhanh.direction.views import inspection as inspection_views
from dieuhanh.direction.views import opinion as opinion_views
from dieuhanh.direction.views import public_order as public_order_views
from dieuhanh.direction.views import tasks as tasks_views

app_name = "direction"
urlpatterns = [
    path("", tasks_views.tasks_page, name="tasks"),
    path("tasks/new/", tasks_views.task_new, name="task_new"),
    path("tasks/<int:task_id>/", tasks_views.task_page, name="task"),
    path("tasks/<int:task_id>/progress/", tasks_views.task_progress, name="task_progress"),
    path("tasks/<int:task_id>/reschedule/", tasks_views.task_reschedule, name="task_reschedule"),
    path(
        "progress/<int:progress_id>/attachment/",
        tasks_views.progress_attachment,
        name="progress_attachment",
    ),
    path("conferences/", conferences_views.conferences_page, name="conferences"),
    path("conferences/<int:conference_id>/", conferences_views.conference_page, name="conference"),
    path(
        "documents/<int:document_id>/",
        conferences_views.conference_document,
        name="conference_document",
    ),
    path("directives/new/", conferences_views.directive_create, name="directive_create"),
    path("inspection/", inspection_views.inspection_page, name="inspection"),
    path("inspection/export.csv", inspection_views.inspection_export, name="inspection_export"),
    path("inspection/<str:action>/", inspection_views.inspection_action, name="inspection_action"),
    path("public-order/", public_order_views.public_order_page, name="public_order"),
    path(
        "public-order/export.csv",
        public_order_views.public_order_export,
        name="public_order_export",
    ),
    path(
        "public-order/<str:action>/",
        public_order_views.public_order_action,
        name="public_order_action",
    ),
    path("opinion/", opinion_views.opinion_page, name="opinion"),
    path("opinion/<str:action>/", opinion_views.opinion_action, name="opinion_action"),
]
