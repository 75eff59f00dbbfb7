from django.urls import path

from . import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("feed/rss/", feeds.LatestArticlesRSS(), name="feed_rss"),
    path("feed/atom/", feeds.LatestArticlesAtom(), name="feed_atom"),
    path("review/<str:token>/", views.ReviewLinkView.as_view(), name="review"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
