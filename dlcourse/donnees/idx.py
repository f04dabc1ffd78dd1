"""Lire et écrire le format IDX (MNIST, Fashion-MNIST), compressé ou non."""

from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np

_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
          0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
_CODES = {np.dtype(np.uint8): 0x08, np.dtype(np.int8): 0x09}


def _ouvrir(chemin: Path, mode: str):
    return gzip.open(chemin, mode) if chemin.suffix == ".gz" else open(chemin, mode)


def lire_idx(chemin: str | Path) -> np.ndarray:
    """Lit un fichier IDX (``.gz`` ou non) et renvoie son tableau.

    Parameters
    ----------
    chemin : str or Path
        Le fichier, par exemple ``train-images-idx3-ubyte.gz``.

    Returns
    -------
    numpy.ndarray
        Un tableau de forme ``(n, 28, 28)`` pour des images, ``(n,)`` pour
        des étiquettes.

    Raises
    ------
    ValueError
        Si le fichier n'est pas au format IDX.
    """
    chemin = Path(chemin)
    with _ouvrir(chemin, "rb") as f:
        entete = f.read(4)
        if len(entete) != 4 or entete[:2] != b"\x00\x00" or entete[2] not in _TYPES:
            raise ValueError(f"{chemin} : ce fichier n'est pas au format IDX.")
        tailles = f.read(4 * entete[3])
        if len(tailles) != 4 * entete[3]:
            raise ValueError(f"{chemin} : en-tête IDX tronqué ({entete[3]} dimensions annoncées, "
                             f"{len(tailles) // 4} lues).")
        dims = struct.unpack(f">{entete[3]}I", tailles)
        type_ = np.dtype(_TYPES[entete[2]])
        brut = f.read()
    if len(brut) % type_.itemsize:
        raise ValueError(f"{chemin} : fichier IDX tronqué ({len(brut)} octets de données, pas un "
                         f"multiple de {type_.itemsize} pour le type {type_}).")
    donnees = np.frombuffer(brut, dtype=type_)
    if donnees.size != int(np.prod(dims)):
        raise ValueError(f"{chemin} : fichier IDX tronqué ({donnees.size} valeurs pour {dims}).")
    return donnees.reshape(dims).astype(donnees.dtype.newbyteorder("="))


def ecrire_idx(chemin: str | Path, tableau: np.ndarray) -> Path:
    """Écrit ``tableau`` (``uint8`` ou ``int8``) au format IDX, compressé si ``.gz``.

    Parameters
    ----------
    chemin : str or Path
        Le fichier à écrire.
    tableau : numpy.ndarray
        Des images ``(n, 28, 28)`` ou des étiquettes ``(n,)``.

    Returns
    -------
    Path
        Le chemin écrit.

    Raises
    ------
    ValueError
        Si le type du tableau n'est pas ``uint8`` ou ``int8``.
    """
    chemin = Path(chemin)
    tableau = np.asarray(tableau)
    if tableau.dtype not in _CODES:
        raise ValueError(f"tableau : type {tableau.dtype} non pris en charge (uint8 ou int8).")
    entete = bytes([0, 0, _CODES[tableau.dtype], tableau.ndim])
    entete += struct.pack(f">{tableau.ndim}I", *tableau.shape)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    if chemin.suffix == ".gz":
        with gzip.GzipFile(chemin, "wb", mtime=0) as f:
            f.write(entete + tableau.tobytes())
    else:
        chemin.write_bytes(entete + tableau.tobytes())
    return chemin
