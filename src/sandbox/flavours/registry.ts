import { dialog360Flavour } from './360dialog/index.js'
import type { FlavourDefinition } from './flavour.js'
import { gupshupFlavour } from './gupshup/index.js'

/** Every provider flavour the sandbox speaks, one line each (see "How a flavour plugs in" in src/sandbox/README.md). */
export const FLAVOURS: readonly FlavourDefinition[] = [
  dialog360Flavour,
  gupshupFlavour,
]
