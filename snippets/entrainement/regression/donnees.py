# Régression : les données communes aux deux frameworks.
# Page : docs/entrainement/regression.md (blocs hors onglets).
# Chaque section commence par ses imports, comme un bloc de la page.
# ruff: noqa: E402

# --8<-- [start:synthetiques]
import numpy as np

rng = np.random.default_rng(0)
x = rng.normal(size=(100, 1)).astype("float32")
y = (3 * x + rng.normal(size=(100, 1))).astype("float32")  # pente 3, bruit d'écart type 1
pente_mc, biais_mc = np.polyfit(x[:, 0], y[:, 0], deg=1)  # la droite des moindres carrés
print(f"Moindres carrés : y = {pente_mc:.3f} x + {biais_mc:.3f}")
# --8<-- [end:synthetiques]

# --8<-- [start:californie]
from sklearn.datasets import fetch_california_housing
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

housing = fetch_california_housing()
X_train_complet, X_test, y_train_complet, y_test = train_test_split(
    housing.data, housing.target, test_size=0.2, random_state=42)
X_train, X_val, y_train, y_val = train_test_split(
    X_train_complet, y_train_complet, test_size=0.2, random_state=42)

scaler = StandardScaler()
X_train = scaler.fit_transform(X_train).astype("float32")  # moyenne et écart type appris ici
X_val = scaler.transform(X_val).astype("float32")          # … et seulement appliqués ailleurs
X_test = scaler.transform(X_test).astype("float32")
y_train, y_val, y_test = (v.astype("float32") for v in (y_train, y_val, y_test))
print(housing.feature_names)
print(X_train.shape, X_val.shape, X_test.shape)
# --8<-- [end:californie]
