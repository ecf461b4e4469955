"""The trial choice reads as three cards: each kind with what it means, in one tappable label."""

import pytest

pytestmark = pytest.mark.django_db


def test_each_trial_kind_is_one_card_with_its_description(alice_client):
    alice_client.post("/profile/", {"age": "58", "sex": "female"})
    html = alice_client.get("/trial/start/").content.decode()
    cards = html.split('<label class="kind-card"')[1:]
    assert len(cards) == 3
    texts = [card.split("</label>", 1)[0] for card in cards]
    assert 'value="open"' in texts[0] and "en forbedring kan skyldes" in texts[0]
    assert 'value="blinded"' in texts[1] and "En hjælper fylder glassene" in texts[1]
    assert 'value="stretching"' in texts[2] and "udstrækning af læg og baglår" in texts[2]
    assert all('type="radio"' in text and 'class="kind-text"' in text for text in texts)
