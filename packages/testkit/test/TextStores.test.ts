import * as MemoryOAuthStates from "@frontdesk/domain/ports/MemoryOAuthStates"
import * as MemoryOptOuts from "@frontdesk/domain/ports/MemoryOptOuts"
import * as MemoryPendingReplies from "@frontdesk/domain/ports/MemoryPendingReplies"
import * as MemoryTextBudget from "@frontdesk/domain/ports/MemoryTextBudget"
import * as TextStoresContract from "../src/TextStoresContract.js"

TextStoresContract.optOutsSuite("MemoryOptOuts", MemoryOptOuts.layerMemory)
TextStoresContract.textBudgetSuite("MemoryTextBudget", MemoryTextBudget.layerMemory)
TextStoresContract.oauthStatesSuite("MemoryOAuthStates", MemoryOAuthStates.layerMemory)
TextStoresContract.pendingRepliesSuite("MemoryPendingReplies", MemoryPendingReplies.layerMemory)
