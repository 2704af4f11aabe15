#pragma once
// Orders of this book found on the account without a complete record (a run sent them and died
// before recording, or its record was lost): adopted as the record of their signal, so no order
// is ever left unrecorded and none is sent twice. Pure functions: records and decisions in and
// out; the dispatcher does the looking up and the writing.

#include "dispatch/decision.h"

#include <optional>

namespace cg {

// Whether `o` can be the order of `signal`: its underlying (an OCC root may add one character:
// SPXW, AAPL1), call or put, a multi-leg order for a template's signal, a stock's side. A
// client order id names a signal by its id alone, and a database restored from a backup (or
// copied) reuses ids: an order that does not fit is not that signal's.
bool orderFitsSignal(const Order &o, const Signal &signal);

// The decision a record stands for, for a signal that must not be dispatched again.
Decision decisionFromRecord(const Signal &signal, const ExecutionRecord &r);

// The record of an order found on the account with no record at all. `signal` is the signal its
// client order id names (nullopt when that row is gone: the order itself says what it was);
// `mode` the book's order mode; `now` the creation time when the order does not say.
ExecutionRecord adoptedOrderRecord(const Order &o, std::int64_t signalId,
                                   const std::optional<Signal> &signal, ExecutionMode mode,
                                   Timestamp now);

// A record whose order's answer never reached it (an intent left by a crash), completed with
// the order found for it on the account.
ExecutionRecord recordWithAdoptedOrder(ExecutionRecord r, const Order &o);

// The decision `d` adopting the order that exists for its client order id, possibly for another
// contract than `d` chose (the market moved between a crash and the restart): the record names
// the order that exists, without this decision's quote and greeks for it.
void adoptOrderIntoDecision(Decision &d, const Order &o);

// The record of the order that replaced a recorded one (PATCH /v2/orders/{id}): the same trade
// (signal, mode, source, contract, the entry's quote and greeks) with the new order's id, client
// order id, status, quantity and limit; explain_json names the order it replaces. One row per
// order at the broker, so each keeps its own status (the old one ends "replaced").
ExecutionRecord replacementRecord(const ExecutionRecord &replaced, const Order &replacing,
                                  Timestamp now);

// What a recorded order's fill is measured against (its slippage): the contract's mid at the
// decision, or for a stock the price it was decided at; nullopt when the record has neither.
std::optional<double> slippageBaseOf(const ExecutionRecord &r);

// The request an existing order answers (what a decision that adopts it stands for).
OrderRequest requestOf(const Order &o);

} // namespace cg
