"""Server profiles: validation, the profiles file and the clear-text warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from alprdesk.config import ProfileError, ProfileStore, make_profile


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://scout.example.org/", "https://scout.example.org"),
        (" http://127.0.0.1:8000 ", "http://127.0.0.1:8000"),
        ("https://example.org/scout/", "https://example.org/scout"),
    ],
)
def test_base_url_normalized(url: str, expected: str) -> None:
    assert make_profile(name="p", base_url=url).base_url == expected


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("scout.example.org", "starting with http://"),
        ("ftp://scout.example.org", "starting with http://"),
        ("https://", "starting with http://"),
        ("https://h/?api_key=x", "query string"),
        ("https://user:pw@h", "user name or password"),
        ("http://127.0.0.1:99999", "port must be a number"),
        ("http://127.0.0.1:abc", "port must be a number"),
    ],
)
def test_invalid_base_url(url: str, phrase: str) -> None:
    with pytest.raises(ProfileError) as caught:
        make_profile(name="p", base_url=url)

    assert phrase in str(caught.value)
    assert str(caught.value).startswith("Base URL: ")


def test_blank_name_rejected() -> None:
    with pytest.raises(ProfileError) as caught:
        make_profile(name="   ", base_url="https://h")

    assert str(caught.value) == "Name: Enter a name for the profile."


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://scout.example.org", True),
        ("http://10.1.2.3:8080", True),
        ("https://scout.example.org", False),
        ("http://127.0.0.1:8000", False),
        ("http://localhost:8000", False),
        ("http://[::1]:8000", False),
    ],
)
def test_clear_text_warning(url: str, warned: bool) -> None:
    assert make_profile(name="p", base_url=url).sends_key_in_clear is warned


def test_round_trip(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "config" / "profiles.json")
    profiles = [
        make_profile(name="County", base_url="https://scout.county.test"),
        make_profile(
            name="Lab",
            base_url="https://lab.test",
            verify_tls=True,
            ca_bundle=str(tmp_path / "ca.pem"),
        ),
    ]

    store.save(profiles, "Lab")

    assert store.load() == (profiles, "Lab")


def test_saved_file_holds_no_key(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path / "profiles.json")
    store.save([make_profile(name="County", base_url="https://h")], None)

    document = json.loads(store.path.read_text())

    assert set(document["profiles"][0]) == {"name", "base_url", "verify_tls", "ca_bundle"}
    assert list(tmp_path.iterdir()) == [store.path]


def test_missing_file_is_empty(tmp_path: Path) -> None:
    assert ProfileStore(tmp_path / "absent.json").load() == ([], None)


def test_damaged_file_is_empty(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "profiles.json"
    path.write_text("{broken")

    assert ProfileStore(path).load() == ([], None)
    assert "Cannot read the profiles file" in caplog.text


def test_invalid_entry_skipped(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    path.write_text(
        json.dumps(
            {
                "profiles": [
                    {"name": "Good", "base_url": "https://h"},
                    {"name": "Bad", "base_url": "nonsense"},
                ],
                "last_profile": "Bad",
            }
        )
    )

    profiles, last = ProfileStore(path).load()

    assert [profile.name for profile in profiles] == ["Good"]
    assert last == "Bad"
