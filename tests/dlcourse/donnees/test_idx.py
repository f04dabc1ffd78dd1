"""Tests de dlcourse.donnees.idx : lire et écrire le format IDX de MNIST."""

from __future__ import annotations

import gzip
import struct

import numpy as np
import pytest

from dlcourse.donnees.echantillons import DOSSIER_ECHANTILLONS
from dlcourse.donnees.idx import ecrire_idx, lire_idx


@pytest.mark.parametrize("nom", ["images-idx3-ubyte.gz", "images-idx3-ubyte"])
def test_aller_retour_images(tmp_path, nom):
    """Des images uint8 écrites puis relues sont identiques, compressées ou non."""
    images = np.random.default_rng(0).integers(0, 256, (5, 28, 28), dtype=np.uint8)
    chemin = ecrire_idx(tmp_path / "sous" / "dossier" / nom, images)
    assert chemin == tmp_path / "sous" / "dossier" / nom and chemin.is_file()
    relu = lire_idx(str(chemin))
    assert relu.dtype == np.uint8 and relu.shape == (5, 28, 28)
    np.testing.assert_array_equal(relu, images)


def test_aller_retour_etiquettes_int8(tmp_path):
    """Des étiquettes int8 (négatives comprises) gardent leur type et leurs valeurs."""
    etiquettes = np.array([-3, 0, 7, 127, -128], dtype=np.int8)
    relu = lire_idx(ecrire_idx(tmp_path / "labels-idx1-ubyte.gz", etiquettes))
    assert relu.dtype == np.int8
    np.testing.assert_array_equal(relu, etiquettes)


def test_entete_au_format_idx(tmp_path):
    """L'en-tête suit la spécification : 0, 0, code du type, nombre de dimensions, tailles."""
    chemin = ecrire_idx(tmp_path / "x", np.zeros((3, 2, 4), dtype=np.uint8))
    octets = chemin.read_bytes()
    assert octets[:4] == bytes([0, 0, 0x08, 3])
    assert struct.unpack(">3I", octets[4:16]) == (3, 2, 4)
    assert len(octets) == 16 + 3 * 2 * 4


def test_ecriture_gz_reproductible(tmp_path):
    """Deux écritures ``.gz`` du même tableau donnent les mêmes octets (mtime fixé)."""
    tableau = np.arange(20, dtype=np.uint8)
    a = ecrire_idx(tmp_path / "a" / "x.gz", tableau).read_bytes()
    b = ecrire_idx(tmp_path / "b" / "x.gz", tableau).read_bytes()
    assert a == b
    assert a[4:8] == bytes(4)  # horodatage gzip nul : mêmes octets quel que soit le moment
    assert gzip.decompress(a)[:4] == bytes([0, 0, 0x08, 1])


def test_lire_un_type_gros_boutiste(tmp_path):
    """Un IDX d'entiers 32 bits gros-boutistes est relu dans l'ordre natif."""
    valeurs = np.array([[1, -2], [70000, 3]], dtype=">i4")
    chemin = tmp_path / "entiers.idx"
    chemin.write_bytes(bytes([0, 0, 0x0C, 2]) + struct.pack(">2I", 2, 2) + valeurs.tobytes())
    relu = lire_idx(chemin)
    assert relu.dtype == np.dtype("=i4")
    assert relu.tolist() == [[1, -2], [70000, 3]]


def test_lire_les_echantillons_livres():
    """Les échantillons livrés se lisent : images (n, 28, 28) et étiquettes 0 à 9."""
    images = lire_idx(DOSSIER_ECHANTILLONS / "mnist" / "t10k-images-idx3-ubyte.gz")
    etiquettes = lire_idx(DOSSIER_ECHANTILLONS / "mnist" / "t10k-labels-idx1-ubyte.gz")
    assert images.shape == (len(etiquettes), 28, 28)
    assert set(np.unique(etiquettes)) <= set(range(10))


@pytest.mark.parametrize("contenu", [b"", b"\x00\x00", b"PK\x03\x04rest", b"\x00\x00\x42\x01abcd",
                                     b"\x01\x00\x08\x01\x00\x00\x00\x01\x00"])
def test_lire_un_fichier_qui_n_est_pas_idx(tmp_path, contenu):
    """Un fichier qui n'est pas IDX : ValueError qui nomme le fichier."""
    chemin = tmp_path / "faux.idx"
    chemin.write_bytes(contenu)
    with pytest.raises(ValueError, match=r"faux\.idx : ce fichier n'est pas au format IDX"):
        lire_idx(chemin)


def test_lire_un_fichier_tronque(tmp_path):
    """Un IDX dont il manque des valeurs : ValueError qui dit combien."""
    chemin = ecrire_idx(tmp_path / "images.idx", np.zeros((2, 3, 3), dtype=np.uint8))
    chemin.write_bytes(chemin.read_bytes()[:-4])
    with pytest.raises(ValueError, match=r"images\.idx : fichier IDX tronqué \(14 valeurs "
                                         r"pour \(2, 3, 3\)\)"):
        lire_idx(chemin)


@pytest.mark.parametrize("contenu", [
    bytes([0, 0, 0x08, 3]) + struct.pack(">2I", 2, 3),  # 3 dimensions annoncées, 2 données
    bytes([0, 0, 0x0B, 1]) + struct.pack(">I", 2) + b"\x01\x02\x03",  # int16 : 3 octets
], ids=["entete-tronque", "octet-en-trop"])
def test_lire_un_fichier_tronque_autrement(tmp_path, contenu):
    """Tout fichier IDX mal formé donne la ValueError documentée, qui nomme le fichier."""
    chemin = tmp_path / "abime.idx"
    chemin.write_bytes(contenu)
    with pytest.raises(ValueError, match=r"abime\.idx : "):
        lire_idx(chemin)


def test_lire_un_fichier_absent(tmp_path):
    """Un fichier absent : FileNotFoundError qui le nomme."""
    with pytest.raises(FileNotFoundError, match="absent-idx1-ubyte"):
        lire_idx(tmp_path / "absent-idx1-ubyte")


@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.uint16, bool])
def test_ecrire_un_type_non_pris_en_charge(tmp_path, dtype):
    """Seuls uint8 et int8 s'écrivent ; l'erreur nomme le type reçu, et rien n'est écrit."""
    tableau = np.zeros(3, dtype=dtype)
    with pytest.raises(ValueError, match=rf"tableau : type {np.dtype(dtype)} non pris en charge "
                                         r"\(uint8 ou int8\)"):
        ecrire_idx(tmp_path / "x.gz", tableau)
    assert not (tmp_path / "x.gz").exists()
