from django.urls import path, register_converter

from articles import feeds, views
from fluxsite.converters import UnicodeSlugConverter

app_name = "articles"

register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),  # taggit slugs keep non-ASCII letters
    path("authors/", views.AuthorListView.as_view(), name="authors"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed"),
    path("feeds/latest/atom/", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("feeds/sections/<slug:slug>/", feeds.SectionFeed(), name="section_feed"),
    path("feeds/sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="section_feed_atom"),
    path("feeds/tags/<uslug:slug>/", feeds.TagFeed(), name="tag_feed"),
    path("feeds/tags/<uslug:slug>/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
]
