#include "connection/connection.h"

#include "fake_alpaca/demo_backend.h"
#include "fake_alpaca/fake_alpaca_server.h"
#include "fake_alpaca/fault_spec.h"
#include "market/simulated_market.h"

#include <QDebug>
#include <QDir>
#include <QStandardPaths>

namespace cg::demo {

Connection::~Connection() {
    m_client.reset(); // before the DEMO server it talks to
}

QString Connection::modeName() const {
    const std::string_view name = toString(m_mode);
    return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

Result<std::unique_ptr<Connection>> Connection::open(const Request &request) {
    alpaca::ModeInputs inputs = request.inputs;
    inputs.demoKeys = {QString::fromLatin1(fake::kDemoKeyId),
                       QString::fromLatin1(fake::kDemoSecret)};
    auto decided = alpaca::resolveMode(inputs);
    if (!decided)
        return decided.error();
    std::unique_ptr<Connection> c(new Connection);
    c->m_mode = decided->mode;
    c->m_config = decided->config;
    if (decided->needsDemoBackend) {
        std::optional<fake::FaultSpec> faults;
        if (!request.faults.isEmpty()) {
            auto spec = fake::FaultSpec::parse(request.faults);
            if (!spec)
                return spec.error();
            faults = *spec;
        }
        fake::DemoBackend::Options demo;
        demo.clock = request.clock;
        demo.accountFolder = request.demoAccountFolder;
        c->m_backend = std::make_unique<fake::DemoBackend>(demo);
        if (!c->m_backend->isListening())
            return Error::make("Could not start the DEMO server on 127.0.0.1: " +
                               c->m_backend->errorString().toStdString());
        if (faults)
            c->m_backend->server()->setFaults(*faults);
        if (!c->m_backend->accountNotice().isEmpty())
            qWarning().noquote() << c->m_backend->accountNotice();
        c->m_config.tradingUrl = c->m_backend->baseUrl();
        c->m_config.dataUrl = c->m_backend->baseUrl();
        c->m_config.keyId = c->m_backend->keyId();
        c->m_config.secret = c->m_backend->secret();
        if (auto ok = c->m_config.validate(); !ok)
            return ok.error();
    }
    c->m_client = std::make_unique<alpaca::AlpacaClient>(c->m_config);
    return c;
}

QString Connection::defaultDemoAccountFolder() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/chaingate");
    return dir;
}

QStringList Connection::demoSymbols() const {
    QStringList symbols;
    if (m_backend) {
        for (const std::string &s : m_backend->market()->underlyingSymbols())
            symbols << QString::fromStdString(s);
    }
    return symbols;
}

} // namespace cg::demo
