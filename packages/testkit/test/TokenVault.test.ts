import * as MemoryTokenVault from "@frontdesk/domain/ports/MemoryTokenVault"
import * as TokenVaultContract from "../src/TokenVaultContract.js"

TokenVaultContract.suite("MemoryTokenVault", MemoryTokenVault.layerMemory)
