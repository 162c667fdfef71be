from django.urls import path

from dieuhanh.direction import views

app_name = "direction"
urlpatterns = [
    path("", views.tasks_page, name="tasks"),
    path("tasks/new/", views.task_new, name="task_new"),
    path("tasks/<int:task_id>/", views.task_page, name="task"),
    path("tasks/<int:task_id>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:task_id>/reschedule/", views.task_reschedule, name="task_reschedule"),
    path(
        "progress/<int:progress_id>/attachment/",
        views.progress_attachment,
        name="progress_attachment",
    ),
    path("conferences/", views.conferences_page, name="conferences"),
    path("conferences/<int:conference_id>/", views.conference_page, name="conference"),
    path("documents/<int:document_id>/", views.conference_document, name="conference_document"),
    path("directives/new/", views.directive_create, name="directive_create"),
    path("inspection/", views.inspection_page, name="inspection"),
    path("inspection/export.csv", views.inspection_export, name="inspection_export"),
    path("inspection/<str:action>/", views.inspection_action, name="inspection_action"),
    path("public-order/", views.public_order_page, name="public_order"),
    path("public-order/export.csv", views.public_order_export, name="public_order_export"),
    path("public-order/<str:action>/", views.public_order_action, name="public_order_action"),
    path("opinion/", views.opinion_page, name="opinion"),
    path("opinion/<str:action>/", views.opinion_action, name="opinion_action"),
]
