#pragma once
// Which of Alpaca's four position intents an option order carries, and whether the account's
// options level and buying power allow it. Pure: the caller reads the position and the account.
// Alpaca's levels (options_trading_level): 0 no options, 1 covered calls and cash-secured puts,
// 2 long calls and puts, 3 spreads; each includes the lower ones. An uncovered (naked) call is
// not allowed at any level.

#include "domain/account.h"
#include "domain/contract.h"
#include "domain/gates.h"
#include "domain/option_type.h"
#include "domain/strategy_leg.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cg {

// Buying when short closes (buy_to_close), otherwise opens (buy_to_open); selling when long
// closes (sell_to_close), otherwise opens (sell_to_open, writing). `heldQty` is the signed
// position in the contract (negative when short), 0 for none.
PositionIntent choosePositionIntent(OrderSide side, double heldQty);

// Each leg's intent from the positions held now, as choosePositionIntent for a single order:
// Alpaca infers a leg's intent from the position and refuses an opening one against a position
// held the other way ("position intent mismatch"), so a leg that buys a contract held short buys
// to close, one that sells a contract held long sells to close, and the others open.
void chooseLegIntents(MultiLegStrategy &s, std::span<const Position> positions);

// A close that would leave a short option without the cover it had (a spread's long leg sold
// back, its short left): the reason ("After this order the account would hold 2 SPY... short
// without cover ..."), or nothing. Judged over the positions on the order's roots before and
// after `units` of `s`, short by short: covered by longs of its type expiring with it or later,
// a call also by the shares held; only what this order uncovers counts.
std::optional<std::string> shortLeftUncovered(const MultiLegStrategy &s, int units,
                                              const std::vector<Position> &positions);

// Whether the legs' intents all open, all close, or some of each.
enum class LegIntentMix { Opening, Closing, Mixed };
LegIntentMix legIntentMix(const MultiLegStrategy &s);

// The most units of `s` its closing legs can still close (each leg's contracts left to close,
// over its ratio; the least of them); 0 when one has nothing left.
int closableUnits(const MultiLegStrategy &s, const std::vector<Position> &positions,
                  const std::vector<Order> &open);

// Why `units` of `s` cannot go with its legs' intents, or nothing: a closing leg of more
// contracts than are left to close (held, less what open orders close already). Alpaca takes one
// intent a leg, so a leg cannot close a position and open the other way in one order.
std::optional<std::string> legClosingProblem(const MultiLegStrategy &s, int units,
                                             const std::vector<Position> &positions,
                                             const std::vector<Order> &open);

bool isOpening(PositionIntent intent);
// A buy to close needs an ask and no bid: a short nearly worthless (bid 0, ask 0.05) is bought
// back at the ask. Every other order needs the quote-valid gate (a bid and an ask).
bool closesOnAskAlone(PositionIntent intent, const std::optional<Quote> &quote);
// Whether a leg failing `gate` holds a multi-leg ticket: every gate on a signal's ticket
// (`allGates`: they picked its contracts); on one built by hand a valid quote and an unexpired
// contract (the others are shown), but not the quote of a leg that buys a short back on its ask
// alone (`boughtBackOnAsk`: closesOnAskAlone of its intent). One rule for the dispatcher and the
// ticket that shows it.
bool legGateHolds(GateId gate, bool allGates, bool boughtBackOnAsk);
// "Buy to open", ... for people.
std::string describeIntent(PositionIntent intent);

struct IntentCheck {
    PositionIntent intent = PositionIntent::None;
    OptionType type = OptionType::Call;
    std::string contract;   // OCC symbol, named in the reason
    std::string underlying; // named in the reason
    double strike = 0.0;
    int qty = 0;
    double multiplier = 100.0;
    double heldQty = 0.0;        // the signed position in this contract
    double sharesHeld = 0.0;     // of the underlying (covers calls)
    double sharesCovering = 0.0; // of those, covering short calls written already
    int optionsLevel = 0;        // the account's options_trading_level
    double optionsBuyingPower = 0.0;
    double premium = 0.0; // qty x limit x multiplier: what a buy costs
};

// Empty when the order may go; else the reason a trader reads, e.g. "Selling to open a call
// needs 100 SPY shares to cover it (a covered call, options level 1); 0 held. Alpaca does not
// allow uncovered calls."
std::optional<std::string> intentRefusal(const IntentCheck &c);

// The check for `qty` contracts of `c` at `price` (per share) with this intent, from the account
// and its positions as they are now: the proposal and the confirmation ask the same question.
IntentCheck intentCheckFor(PositionIntent intent, const OptionContract &c,
                           const std::string &underlying, int qty, double price, OrderSide side,
                           const Account &account, std::span<const Position> positions);

} // namespace cg
