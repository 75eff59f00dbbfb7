"""NUL (which PostgreSQL cannot store or compare) in a request is a clear refusal, not a 500."""

import pytest

from tests.admin_form import form_data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/?status=%00",
        "/admin/articles/article/?q=a%00b",
        "/admin/auth/user/?is_staff__exact=%00",
    ],
)
def test_nul_in_an_admin_query_string_is_a_bad_request(editor, url):
    assert editor.get(url).status_code == 400


@pytest.mark.django_db
def test_an_encoded_percent_is_not_a_nul(editor):
    assert editor.get("/admin/articles/article/?q=%2500").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["title", "summary", "body"])
def test_nul_pasted_into_the_admin_form_is_a_form_error(editor, make_article, field):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data[field] += "\x00"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    article.refresh_from_db()
    assert "\x00" not in getattr(article, field)
