// chaingate-cli account [--json]: equity, cash, buying power and options level.

#include "cli/alpaca_session.h"
#include "cli/await_result.h"
#include "cli/broker_json.h"
#include "cli/output.h"
#include "cli/text_table.h"

namespace cg::cli {

int runAccount(const QStringList &args) {
    QCommandLineParser parser;
    return runWithSession(
        parser, args, "account [--json]", [](const CommandLine &cl, AlpacaSession &session) {
            auto account = awaitResult<Account>([&](auto done) { session.client().account(done); });
            if (!account)
                return fail(QString::fromStdString(account.error().message));

            if (cl.global.json) {
                QJsonObject o = accountJson(*account);
                o.insert(QStringLiteral("mode"), session.modeName());
                printJson(QJsonDocument(o));
                return 0;
            }
            const Account &a = *account;
            TextTable t({QStringLiteral("FIELD"), QStringLiteral("VALUE>")});
            const QString ccy = QString::fromStdString(a.currency);
            const auto money = [&](double v) -> QString {
                return QString::number(v, 'f', 2) + QLatin1Char(' ') + ccy;
            };
            t.addRow({QStringLiteral("equity"), money(a.equity)});
            t.addRow({QStringLiteral("today's P&L"), money(dayPnl(a))});
            t.addRow({QStringLiteral("cash"), money(a.cash)});
            t.addRow({QStringLiteral("buying power"), money(a.buyingPower)});
            t.addRow({QStringLiteral("options buying power"), money(a.optionsBuyingPower)});
            t.addRow({QStringLiteral("options level"), QString::number(a.optionsTradingLevel)});
            t.addRow({QStringLiteral("trading blocked"),
                      a.tradingBlocked ? QStringLiteral("yes") : QStringLiteral("no")});
            printText(QStringLiteral("Account %1 (%2, %3)\n")
                          .arg(QString::fromStdString(a.id), session.modeName(),
                               QString::fromStdString(a.status)) +
                      t.toString());
            return 0;
        });
}

} // namespace cg::cli
