"""Signing in and out: everything but sign-in and /healthz needs a signed-in user."""

from django.urls import reverse


def test_a_wrong_password_is_explained_and_the_username_kept(client, social_worker):
    response = client.post(reverse("login"), {"username": "sw1", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Please enter a correct username and password" in page
    assert 'value="sw1"' in page


def test_signing_in_returns_the_user_to_the_page_they_asked_for(client, social_worker, child_a):
    wanted = reverse("child_detail", args=[child_a.pk])
    redirected = client.get(wanted)
    assert redirected.url == f"{reverse('login')}?next={wanted}"
    response = client.post(
        f"{reverse('login')}?next={wanted}", {"username": "sw1", "password": "correct-horse-battery", "next": wanted}
    )
    assert response.url == wanted


def test_signing_out_ends_the_session(client, social_worker):
    client.force_login(social_worker)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_signed_in_pages_are_not_cached(client, social_worker):
    client.force_login(social_worker)
    assert client.get(reverse("child_list"))["Cache-Control"] == "no-store"


def test_an_over_long_username_is_refused_in_plain_words(client, social_worker):
    response = client.post(reverse("login"), {"username": "a" * 300, "password": "wrong"})
    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer" in response.content.decode()
