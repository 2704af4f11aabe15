#include "models/chain_field.h"

#include "domain/expected_move.h"
#include "domain/market_calendar.h"
#include "models/display_format.h"

#include <QCoreApplication>
#include <QLocale>

#include <map>

namespace cg::models {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("cg::models::ChainField", text);
}

} // namespace

ChainField sideField(ChainSide side, int distance) {
    // The call side swaps the pair at the strike so that it reads Bid, Ask left to right.
    if (side == ChainSide::Call && distance <= 1)
        return distance == 0 ? ChainField::Ask : ChainField::Bid;
    return static_cast<ChainField>(distance);
}

int sideDistance(ChainSide side, ChainField f) {
    if (side == ChainSide::Call && (f == ChainField::Bid || f == ChainField::Ask))
        return f == ChainField::Ask ? 0 : 1;
    return static_cast<int>(f);
}

QString fieldTitle(ChainField f) {
    switch (f) {
    case ChainField::Bid:
        return tr("Bid");
    case ChainField::Ask:
        return tr("Ask");
    case ChainField::Mid:
        return tr("Mid");
    case ChainField::SpreadPct:
        return tr("Sprd %");
    case ChainField::Last:
        return tr("Last");
    case ChainField::Volume:
        return tr("Volume");
    case ChainField::OpenInterest:
        return tr("OI");
    case ChainField::ImpliedVol:
        return tr("IV %");
    case ChainField::Delta:
        return tr("Delta");
    case ChainField::Gamma:
        return tr("Gamma");
    case ChainField::Theta:
        return tr("Theta");
    case ChainField::Vega:
        return tr("Vega");
    case ChainField::GateQuote:
        return tr("Q");
    case ChainField::GateSpread:
        return tr("S");
    case ChainField::GateExpiry:
        return tr("E");
    case ChainField::GateOpenInterest:
        return tr("O");
    case ChainField::GateVolume:
        return tr("V");
    case ChainField::ProbItm:
        return tr("P(ITM) %");
    case ChainField::ExpectedMove:
        return tr("Exp move");
    }
    return {};
}

QString fieldDescription(ChainField f) {
    switch (f) {
    case ChainField::SpreadPct:
        return tr("Spread: (ask - bid) / mid, percent");
    case ChainField::OpenInterest:
        return tr("Open interest");
    case ChainField::ImpliedVol:
        return tr("Implied volatility, percent");
    case ChainField::Theta:
        return tr("Theta per calendar day");
    case ChainField::Vega:
        return tr("Vega per volatility point");
    case ChainField::GateQuote:
        return tr("Gate 1: quote valid (bid > 0, ask > 0, ask >= bid)");
    case ChainField::GateSpread:
        return tr("Gate 2: spread below the maximum");
    case ChainField::GateExpiry:
        return tr("Gate 3: not expired");
    case ChainField::GateOpenInterest:
        return tr("Gate 4: open interest at least the minimum");
    case ChainField::GateVolume:
        return tr("Gate 5: volume at least the minimum");
    case ChainField::ProbItm:
        return tr("Probability of expiring in the money, percent (N(d2) from the contract's IV)");
    case ChainField::ExpectedMove:
        return tr("Expected move to expiry: the at-the-money straddle's mid (call + put), +-");
    default:
        return fieldTitle(f);
    }
}

bool isGateField(ChainField f) {
    return f >= ChainField::GateQuote && f <= ChainField::GateVolume;
}

bool isOptionalField(ChainField f) {
    return f == ChainField::ProbItm || f == ChainField::ExpectedMove;
}

QString fieldToolTip(const ChainEntry &e, const ChainFigures &figures, ChainField f) {
    const QLocale c = QLocale::c();
    const QString symbol = QString::fromStdString(e.contract.symbol);
    if (f == ChainField::ProbItm) {
        if (!figures.probItm)
            return tr("%1: no implied volatility, so no probability ITM").arg(symbol);
        return tr("%1: %2% probability of expiring in the money (N(d2), IV %3%, rate %4%)")
            .arg(symbol, c.toString(*figures.probItm * 100.0, 'f', 1),
                 c.toString(e.contract.impliedVol.value_or(0.0) * 100.0, 'f', 1),
                 c.toString(kChainFigureRate * 100.0, 'f', 1));
    }
    if (f == ChainField::ExpectedMove) {
        if (!figures.expectedMove)
            return tr("%1: no quoted at-the-money straddle in this expiry").arg(symbol);
        return tr("%1: the expiry's at-the-money straddle prices a move of \u00b1%2 by expiry")
            .arg(symbol, c.toString(*figures.expectedMove, 'f', 2));
    }
    return {};
}

void ExpectedMovesBuilder::add(const OptionContract &c) {
    if (!m_legs || c.expiry != m_legsExpiry) {
        m_legsExpiry = c.expiry;
        m_legs = &m_byExpiry[m_legsExpiry];
    }
    // The straddle reads a quoted contract's strike and mid only: 16 bytes of it, by expiry.
    m_legs->add(c);
}

ExpectedMoves ExpectedMovesBuilder::finish(double spot) && {
    ExpectedMoves moves;
    for (auto &[expiry, legs] : m_byExpiry) {
        const auto em = straddleExpectedMove(std::move(legs), spot, expiry);
        moves[expiry] = em ? std::optional(em->move) : std::nullopt;
    }
    return moves;
}

ChainFigures chainFigures(const OptionContract &c, const ExpectedMoves &moves, double spot,
                          Timestamp now) {
    ChainFigures f;
    if (const auto it = moves.find(c.expiry); it != moves.end())
        f.expectedMove = it->second;
    if (!c.impliedVol || !(*c.impliedVol > 0.0))
        return f;
    ItmInput in;
    in.type = c.type;
    in.spot = spot;
    in.strike = c.strike;
    in.years = static_cast<double>((optionExpiryInstant(c.expiry) - now).count()) /
               (365.0 * 24 * 3600 * 1000);
    in.vol = *c.impliedVol;
    in.rate = kChainFigureRate;
    f.probItm = probabilityItm(in);
    return f;
}

std::optional<GateId> fieldGate(ChainField f) {
    switch (f) {
    case ChainField::Bid:
    case ChainField::Ask:
    case ChainField::Mid:
    case ChainField::GateQuote:
        return GateId::QuoteValid;
    case ChainField::SpreadPct:
    case ChainField::GateSpread:
        return GateId::Spread;
    case ChainField::GateExpiry:
        return GateId::NotExpired;
    case ChainField::OpenInterest:
    case ChainField::GateOpenInterest:
        return GateId::OpenInterest;
    case ChainField::Volume:
    case ChainField::GateVolume:
        return GateId::Volume;
    default:
        return std::nullopt;
    }
}

std::optional<double> fieldValue(const ChainEntry &e, ChainField f, const ChainFigures &figures) {
    const OptionContract &c = e.contract;
    switch (f) {
    case ChainField::Mid:
        return c.quote ? std::optional(mid(*c.quote)) : std::nullopt;
    case ChainField::SpreadPct:
        return c.quote ? spreadPct(*c.quote) : std::nullopt;
    case ChainField::GateQuote:
    case ChainField::GateSpread:
    case ChainField::GateExpiry:
    case ChainField::GateOpenInterest:
    case ChainField::GateVolume:
        return e.gates.pass(*fieldGate(f)) ? 1.0 : 0.0;
    case ChainField::ProbItm:
        return figures.probItm ? std::optional(*figures.probItm * 100.0) : std::nullopt;
    case ChainField::ExpectedMove:
        return figures.expectedMove;
    case ChainField::Bid:
    case ChainField::Ask:
    case ChainField::Last:
    case ChainField::Volume:
    case ChainField::OpenInterest:
    case ChainField::ImpliedVol:
    case ChainField::Delta:
    case ChainField::Gamma:
    case ChainField::Theta:
    case ChainField::Vega:
        return contractFieldValue(c, f);
    }
    return std::nullopt;
}

QString fieldText(ChainField f, std::optional<double> value) {
    if (!value)
        return isGateField(f) ? QStringLiteral("?") : QString();
    const double v = *value;
    // The C locale: no group separators, so digits line up in right-aligned columns.
    const QLocale c = QLocale::c();
    switch (f) {
    case ChainField::Mid:
        return midText(v); // exact, as everywhere (display_format.h)
    case ChainField::Bid:
    case ChainField::Ask:
    case ChainField::Last:
        return c.toString(v, 'f', 2);
    case ChainField::SpreadPct:
    case ChainField::ImpliedVol:
        return c.toString(v, 'f', 1);
    case ChainField::Volume:
    case ChainField::OpenInterest:
        return c.toString(static_cast<qlonglong>(v));
    case ChainField::Delta:
    case ChainField::Theta:
    case ChainField::Vega:
        return c.toString(v, 'f', 3);
    case ChainField::Gamma:
        return c.toString(v, 'f', 4);
    case ChainField::ProbItm:
        return c.toString(v, 'f', 1);
    case ChainField::ExpectedMove:
        return QStringLiteral("\u00b1") + c.toString(v, 'f', 2);
    default:
        return v > 0.5 ? QStringLiteral("\u2713") : QStringLiteral("\u2717");
    }
}

} // namespace cg::models
