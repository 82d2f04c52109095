import * as MemoryTokenVault from "../src/MemoryTokenVault.js"
import * as TokenVaultContract from "../src/TokenVaultContract.js"

TokenVaultContract.suite("MemoryTokenVault", MemoryTokenVault.layerMemory)
