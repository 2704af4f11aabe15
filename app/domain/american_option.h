#pragma once
// Listed equity options are American. Without a dividend an American call is worth its European
// value (early exercise gives nothing up), but an American put is worth more: deep in the money
// it is exercised early, and its price sits on the intrinsic value, not the discounted one the
// European model floors at. Priced here by the Barone-Adesi-Whaley (1987) quadratic
// approximation: within 0.5 % of a fine binomial tree in and at the money, 2 % (a few cents) out of
// the money a year out (tests/domain/tst_american_option).
// The computed greeks (black_scholes_greeks.h) solve the volatility and take the greeks from it.

#include "domain/black_scholes.h"
#include "domain/contract.h"
#include "domain/result.h"

namespace cg {

// The American price of `in` (Barone-Adesi-Whaley for a put, with a continuous dividend yield;
// Black-Scholes for a call without one, whose early exercise is worth nothing). NaN for invalid
// input, as blackScholes.
double americanPrice(const BsInput &in);

// The price and greeks of the American option: a call without a dividend as blackScholes gives
// them; otherwise the price above and its greeks by central differences of it (delta and gamma by
// spot, theta over one calendar day, vega by one vol point, rho by one rate point), in
// BsResult's units.
BsResult americanGreeks(const BsInput &in);

// The vol at which americanPrice(in) equals `price`; `in.vol` is ignored. Errors as
// impliedVolatility's: "no solution: ..." where no volatility gives the price (at or below the
// intrinsic value, at or above the strike for a put, expired), "Cannot solve for implied
// volatility: ..." for bad inputs. A call without a dividend is impliedVolatility's answer.
Result<double> americanImpliedVolatility(const BsInput &in, double price);

// The model a volatility was solved with, and so the one that prices with it: the feed's IV is
// Black-Scholes' (Alpaca: "calculated using the Black-Scholes model"), one ChainGate solved (the
// computed greeks, a position's mark) is the American model's. Priced by another model, a deep
// put's curve would not pass through the price its IV came from.
enum class VolModel : unsigned char { BlackScholes, American };
double priceWith(VolModel model, const BsInput &in);
// A chain contract's IV: computed here (GreeksSource::Computed) or the feed's.
VolModel volModelOf(const OptionContract &c);

} // namespace cg
