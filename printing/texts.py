"""Card and receipt wording in the shop's language (English, Czech, Russian).

``text(language, key, **values)`` returns the phrase; an unknown language
falls back to English. Counted nouns use the language's plural rules.
"""

from __future__ import annotations

from cards import languages, rules

LANGUAGES = languages.CODES

_PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "loyalty_card": "Loyalty card",
        "collect": "Collect {n} {stamps}",
        "head_start": "{k} already on us",
        "complain_card": "Not happy? Tell us first:",
        "date": "Date",
        "station": "Station",
        "card": "Card",
        "tier": "Tier",
        "progress": "Stamps",
        "reference": "Reference",
        "stamp": "Stamp +{n}",
        "redeem": "Reward redeemed",
        "transfer": "Card transferred",
        "complaint": "Complaint registered",
        "issue": "New card",
        "status": "Card status",
        "of_to_go": "{s} of {n}, {g} to go",
        "of_ready": "{s} of {n}, reward ready!",
        "complain_head": "Something wrong? Tell us first",
        "complain_body": "and we will put it right.",
        "phone": "Phone",
        "email": "E-mail",
        "web": "Web",
        "scan": "Scan to write to us",
        "quote": "Please quote reference {ref}",
        "thanks": "Thank you!",
        "undo_stamps": "{n} {stamps} taken back",
        "undo_reward": "Reward cancelled, {n} {stamps} back",
        "undo": "Last change undone",
        "moved": "{n} {stamps} moved to this card",
        "from_card": "From card {card}",
        "batch": "Batch {n}",
        "page": "page {n}",
        "cards_subject": "Loyalty cards",
    },
    "cs": {
        "loyalty_card": "Věrnostní karta",
        "collect": "Sbírejte {n} {stamps}",
        "head_start": "{k} máte od nás",
        "complain_card": "Nejste spokojeni? Řekněte to nejdřív nám:",
        "date": "Datum",
        "station": "Pokladna",
        "card": "Karta",
        "tier": "Úroveň",
        "progress": "Razítka",
        "reference": "Číslo",
        "stamp": "Razítko +{n}",
        "redeem": "Odměna uplatněna",
        "transfer": "Karta převedena",
        "complaint": "Stížnost zaevidována",
        "issue": "Nová karta",
        "status": "Stav karty",
        "of_to_go": "{s} z {n}, zbývá {g}",
        "of_ready": "{s} z {n}, odměna čeká!",
        "complain_head": "Něco není v pořádku? Řekněte nám to",
        "complain_body": "a my to napravíme.",
        "phone": "Telefon",
        "email": "E-mail",
        "web": "Web",
        "scan": "Naskenujte a napište nám",
        "quote": "Uveďte prosím číslo {ref}",
        "thanks": "Děkujeme!",
        "undo_stamps": "Storno: −{n} {stamps}",
        "undo_reward": "Storno odměny: +{n} {stamps}",
        "undo": "Poslední změna stornována",
        "moved": "Převedeno na tuto kartu: {n} {stamps}",
        "from_card": "Z karty {card}",
        "batch": "Dávka {n}",
        "page": "strana {n}",
        "cards_subject": "Věrnostní karty",
    },
    "ru": {
        "loyalty_card": "Карта лояльности",
        "collect": "Соберите {n} {stamps}",
        "head_start": "{k} уже от нас",
        "complain_card": "Что-то не так? Сначала скажите нам:",
        "date": "Дата",
        "station": "Касса",
        "card": "Карта",
        "tier": "Уровень",
        "progress": "Штампы",
        "reference": "Номер",
        "stamp": "Штамп +{n}",
        "redeem": "Награда получена",
        "transfer": "Карта перенесена",
        "complaint": "Жалоба зарегистрирована",
        "issue": "Новая карта",
        "status": "Состояние карты",
        "of_to_go": "{s} из {n}, осталось {g}",
        "of_ready": "{s} из {n}, награда ждёт!",
        "complain_head": "Что-то не так? Скажите нам",
        "complain_body": "и мы всё исправим.",
        "phone": "Телефон",
        "email": "E-mail",
        "web": "Сайт",
        "scan": "Отсканируйте и напишите нам",
        "quote": "Назовите номер {ref}",
        "thanks": "Спасибо!",
        "undo_stamps": "Отмена: −{n} {stamps}",
        "undo_reward": "Отмена награды: +{n} {stamps}",
        "undo": "Последнее действие отменено",
        "moved": "Перенесено на эту карту: {n} {stamps}",
        "from_card": "С карты {card}",
        "batch": "Партия {n}",
        "page": "стр. {n}",
        "cards_subject": "Карты лояльности",
    },
}

_STAMP_WORDS = {
    "en": ("stamp", "stamps", "stamps"),
    "cs": ("razítko", "razítka", "razítek"),
    "ru": ("штамп", "штампа", "штампов"),
}


_DEFAULT_TIERS = {
    "cs": {"Member": "Člen", "Silver": "Stříbrná", "Gold": "Zlatá"},
    "ru": {"Member": "Участник", "Silver": "Серебро", "Gold": "Золото"},
}


def tier_name(language: str, name: str) -> str:
    """The program's default tier names (Member, Silver, Gold) in the shop's language; others as set."""
    return _DEFAULT_TIERS.get(language_of(language), {}).get(name, name)


def language_of(language: str) -> str:
    """The supported language for a shop setting (``"cs-CZ"`` → ``"cs"``), else English."""
    short = (language or "en").lower().replace("_", "-").split("-")[0]
    return short if short in _PHRASES else "en"


def plural_form(language: str, n: int) -> int:
    """Index of the plural form: 0 one, 1 few, 2 many (English uses 0 and 2)."""
    lang = language_of(language)
    n = abs(n)
    if lang == "cs":
        return 0 if n == 1 else 1 if 2 <= n <= 4 else 2
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return 0
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return 1
        return 2
    return 0 if n == 1 else 2


def stamps_word(language: str, n: int) -> str:
    """'stamp'/'stamps' and their Czech and Russian forms for ``n``."""
    return _STAMP_WORDS[language_of(language)][plural_form(language, n)]


def text(language: str, key: str, **values: object) -> str:
    """The phrase ``key`` in ``language`` with ``values`` filled in."""
    return _PHRASES[language_of(language)][key].format(**values)


def progress(language: str, stamps: int, required: int) -> str:
    """'7 of 10, 3 to go', or 'reward ready' when the card is full."""
    missing = rules.stamps_to_go(required, stamps)
    if missing == 0:
        return text(language, "of_ready", s=stamps, n=required)
    return text(language, "of_to_go", s=stamps, n=required, g=missing)
