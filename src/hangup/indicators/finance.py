"""Where money is sent: crypto wallets and bank accounts.

crypto_wallet: Bitcoin (bech32 ``bc1...`` with checksum, base58check ``1...``/``3...``), Ethereum
(``0x`` + 40 hex), Tron (``T...``, base58check; USDT on TRC-20). Normalised "bitcoin:<address>" etc.
bank_account: IBAN (length per country and mod-97 checksum), UK sort code and account number after
those words, US routing number (ABA checksum) after "routing". Normalised "iban:GB82WEST...",
"sort_code:123456", "account_number:12345678", "routing:021000021".
"""

from __future__ import annotations

import hashlib
from collections.abc import Container, Iterator

from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner, compile_re2

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
# The patterns are public so that the extractor can gate on them (see patterns.Gate).
WALLET_PATTERN = (  # case-sensitive
    r"\b(?:bc1[ac-hj-np-z02-9]{11,71}|BC1[AC-HJ-NP-Z02-9]{11,71}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}"
    r"|0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33})\b"
)
BANK_PATTERNS: dict[str, str] = {  # case-insensitive
    "iban": r"\b[a-z]{2}\d{2}(?: ?[a-z0-9]){11,30}\b",
    "sort_code": r"\bsort[\s\-]*code\b[^0-9\n]{0,20}?(\d{2}[\s\-.]?\d{2}[\s\-.]?\d{2})\b",
    "account_number": (
        r"\b(?:account|acct|a/c)[\s\-]*(?:number|num|no\.?|#)[^0-9\n]{0,20}?(\d{6,17})\b"
    ),
    "routing": r"\b(?:routing|aba|rtn)\b[^0-9\n]{0,30}?(\d{9})\b",
}
_WALLET = compile_re2(WALLET_PATTERN, case_sensitive=True)
_IBAN = compile_re2(BANK_PATTERNS["iban"])
_SORT_CODE = compile_re2(BANK_PATTERNS["sort_code"])
_ACCOUNT = compile_re2(BANK_PATTERNS["account_number"])
_ROUTING = compile_re2(BANK_PATTERNS["routing"])

IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30,
    "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}


def _base58check(address: str) -> bool:
    number = 0
    for ch in address:
        number = number * 58 + _B58_INDEX[ch]
    leading = len(address) - len(address.lstrip("1"))
    raw = b"\x00" * leading + number.to_bytes((number.bit_length() + 7) // 8, "big")
    if len(raw) < 5:
        return False
    payload, checksum = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == checksum


def _bech32(address: str) -> bool:
    address = address.lower()
    hrp, _, data = address.rpartition("1")
    values = [_BECH32.find(c) for c in data]
    if hrp != "bc" or len(values) < 7 or -1 in values:
        return False
    generator = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    checksum = 1
    for value in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + values:
        top = checksum >> 25
        checksum = (checksum & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            checksum ^= generator[i] if (top >> i) & 1 else 0
    return checksum in (1, 0x2BC830A3)  # bech32 (segwit v0) or bech32m (taproot)


def _wallet(address: str) -> str | None:
    if address[:3].lower() == "bc1":
        return f"bitcoin:{address.lower()}" if _bech32(address) else None
    if address.startswith("0x"):
        return f"ethereum:{address.lower()}" if len(set(address[2:])) > 4 else None
    if address.startswith("T"):
        return f"tron:{address}" if _base58check(address) else None
    return f"bitcoin:{address}" if _base58check(address) else None


def iban_valid(compact: str) -> bool:
    """Whether ``compact`` (no spaces, upper case) has its country's length and a valid checksum."""
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return int(digits) % 97 == 1


def _aba_valid(number: str) -> bool:
    d = [int(c) for c in number]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0


def find_wallets(scanner: Scanner) -> Iterator[Indicator]:
    """Every crypto wallet address with a valid checksum (Ethereum: well-formed)."""
    text = scanner.text
    for spans in scanner.finditer(_WALLET):
        start, end = spans[0]
        value = text[start:end]
        normalized = _wallet(value)
        if normalized is not None:
            yield Indicator("crypto_wallet", value, normalized, start, end)


def find_bank_accounts(scanner: Scanner, kinds: Container[str] | None = None) -> Iterator[Indicator]:
    """IBANs, UK sort codes and account numbers, US routing numbers.

    ``kinds`` (keys of :data:`BANK_PATTERNS`) limits the scans to those that can match the text.
    """
    text = scanner.text
    for spans in scanner.finditer(_IBAN) if kinds is None or "iban" in kinds else ():
        start, end = spans[0]
        country = text[start : start + 2].upper()
        length = IBAN_LENGTHS.get(country)
        if length is None:
            continue
        count = 0
        stop = start
        for i in range(start, end):  # cut to the country's length: "GB82 WEST ... 32 is" stops at 32
            if text[i] != " ":
                count += 1
                if count == length:
                    stop = i + 1
                    break
        if count < length:
            continue
        value = text[start:stop]
        compact = value.replace(" ", "").upper()
        if iban_valid(compact):
            yield Indicator("bank_account", value, f"iban:{compact}", start, stop)
    for regex, label in ((_SORT_CODE, "sort_code"), (_ACCOUNT, "account_number"), (_ROUTING, "routing")):
        if kinds is not None and label not in kinds:
            continue
        for spans in scanner.finditer(regex):
            start, end = spans[1]
            value = text[start:end]
            digits = "".join(ch for ch in value if ch.isdigit())
            if label == "routing" and not _aba_valid(digits):
                continue
            yield Indicator("bank_account", value, f"{label}:{digits}", start, end)
