#include "fake_alpaca/demo_backend_state.h"

#include "fake_alpaca/log.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace cg::fake {

namespace {

constexpr int kFormat = 1;
constexpr int kLockWaitMs = 3000; // another process holds it for one request at most

qint64 ms(Timestamp t) {
    return t.time_since_epoch().count();
}

Timestamp fromMs(qint64 v) {
    return Timestamp{std::chrono::milliseconds{v}};
}

QJsonValue optMs(const std::optional<Timestamp> &t) {
    return t ? QJsonValue(ms(*t)) : QJsonValue();
}

std::optional<Timestamp> readOptMs(const QJsonValue &v) {
    return v.isDouble() ? std::optional(fromMs(v.toInteger())) : std::nullopt;
}

QJsonValue optNum(const std::optional<double> &v) {
    return v ? QJsonValue(*v) : QJsonValue();
}

std::optional<double> readOptNum(const QJsonValue &v) {
    return v.isDouble() ? std::optional(v.toDouble()) : std::nullopt;
}

QString str(const std::string &s) {
    return QString::fromStdString(s);
}

std::string textField(const QJsonObject &o, const char *key) {
    return o.value(QLatin1String(key)).toString().toStdString();
}

QJsonArray legsJson(const std::vector<market::SimLeg> &legs) {
    QJsonArray out;
    for (const market::SimLeg &l : legs)
        out.append(QJsonObject{{"id", str(l.id)},
                               {"client_order_id", str(l.clientOrderId)},
                               {"symbol", str(l.symbol)},
                               {"asset_id", str(l.assetId)},
                               {"side", str(l.side)},
                               {"position_intent", str(l.positionIntent)},
                               {"ratio_qty", l.ratioQty},
                               {"filled_qty", l.filledQty},
                               {"filled_avg_price", optNum(l.filledAvgPrice)}});
    return out;
}

std::vector<market::SimLeg> legsFrom(const QJsonValue &v) {
    std::vector<market::SimLeg> legs;
    for (const QJsonValue &e : v.toArray()) {
        const QJsonObject l = e.toObject();
        market::SimLeg leg;
        leg.id = textField(l, "id");
        leg.clientOrderId = textField(l, "client_order_id");
        leg.symbol = textField(l, "symbol");
        leg.assetId = textField(l, "asset_id");
        leg.side = textField(l, "side");
        leg.positionIntent = textField(l, "position_intent");
        leg.ratioQty = l["ratio_qty"].toInt(1);
        leg.filledQty = l["filled_qty"].toDouble();
        leg.filledAvgPrice = readOptNum(l["filled_avg_price"]);
        legs.push_back(std::move(leg));
    }
    return legs;
}

QJsonObject savedOrderJson(const market::SimOrder &o) {
    return QJsonObject{
        {"legs", legsJson(o.legs)},
        {"id", str(o.id)},
        {"client_order_id", str(o.clientOrderId)},
        {"symbol", str(o.symbol)},
        {"asset_id", str(o.assetId)},
        {"asset_class", str(o.assetClass)},
        {"order_class", str(o.orderClass)},
        {"side", str(o.side)},
        {"type", str(o.type)},
        {"time_in_force", str(o.timeInForce)},
        {"position_intent", str(o.positionIntent)},
        {"status", str(o.status)},
        {"qty", o.qty},
        {"filled_qty", o.filledQty},
        {"multiplier", o.multiplier},
        {"limit_price", optNum(o.limitPrice)},
        {"filled_avg_price", optNum(o.filledAvgPrice)},
        {"extended_hours", o.extendedHours},
        {"created_at", ms(o.createdAt)},
        {"updated_at", ms(o.updatedAt)},
        {"submitted_at", ms(o.submittedAt)},
        {"filled_at", optMs(o.filledAt)},
        {"canceled_at", optMs(o.canceledAt)},
        {"expired_at", optMs(o.expiredAt)},
        {"failed_at", optMs(o.failedAt)},
        {"next_event_at", ms(o.nextEventAt)},
        {"patient_fill_at", ms(o.patientFillAt)},
        {"day_ends_at", ms(o.dayEndsAt)},
        {"reserved", o.reserved},
    };
}

market::SimOrder orderFrom(const QJsonObject &j) {
    market::SimOrder o;
    o.id = textField(j, "id");
    o.clientOrderId = textField(j, "client_order_id");
    o.symbol = textField(j, "symbol");
    o.assetId = textField(j, "asset_id");
    o.assetClass = textField(j, "asset_class");
    o.orderClass = textField(j, "order_class");
    o.side = textField(j, "side");
    o.type = textField(j, "type");
    o.timeInForce = textField(j, "time_in_force");
    o.positionIntent = textField(j, "position_intent");
    o.status = textField(j, "status");
    o.qty = j["qty"].toDouble();
    o.filledQty = j["filled_qty"].toDouble();
    o.multiplier = j["multiplier"].toDouble(100.0);
    o.limitPrice = readOptNum(j["limit_price"]);
    o.filledAvgPrice = readOptNum(j["filled_avg_price"]);
    o.extendedHours = j["extended_hours"].toBool();
    o.createdAt = fromMs(j["created_at"].toInteger());
    o.updatedAt = fromMs(j["updated_at"].toInteger());
    o.submittedAt = fromMs(j["submitted_at"].toInteger());
    o.filledAt = readOptMs(j["filled_at"]);
    o.canceledAt = readOptMs(j["canceled_at"]);
    o.expiredAt = readOptMs(j["expired_at"]);
    o.failedAt = readOptMs(j["failed_at"]);
    o.nextEventAt = fromMs(j["next_event_at"].toInteger());
    o.patientFillAt = fromMs(j["patient_fill_at"].toInteger());
    o.dayEndsAt = fromMs(j["day_ends_at"].toInteger());
    o.reserved = j["reserved"].toDouble();
    o.legs = legsFrom(j["legs"]);
    return o;
}

} // namespace

QByteArray SharedAccountFile::toJson(const market::PaperAccount::State &s) {
    QJsonArray orders, positions;
    for (const market::SimOrder &o : s.orders)
        orders.append(savedOrderJson(o));
    for (const market::SimPosition &p : s.positions)
        positions.append(QJsonObject{{"symbol", str(p.symbol)},
                                     {"asset_id", str(p.assetId)},
                                     {"asset_class", str(p.assetClass)},
                                     {"qty", p.qty},
                                     {"cost_basis", p.costBasis},
                                     {"multiplier", p.multiplier},
                                     {"do_not_exercise", p.doNotExercise},
                                     {"overnight_qty", p.overnightQty}});
    const QJsonObject root{{"format", kFormat},
                           {"account_id", str(s.accountId)},
                           {"account_number", str(s.accountNumber)},
                           {"created_at", ms(s.createdAt)},
                           {"cash", s.cash},
                           {"last_equity", s.lastEquity},
                           {"orders", orders},
                           {"positions", positions}};
    QJsonObject withActivities = root;
    QJsonArray activities;
    for (const market::SimActivity &a : s.activities) {
        QJsonObject o{{"id", str(a.id)},
                      {"type", str(a.type)},
                      {"time", ms(a.time)},
                      {"date", str(a.date)},
                      {"symbol", str(a.symbol)},
                      {"qty", a.qty},
                      {"fill_type", str(a.fillType)},
                      {"side", str(a.side)},
                      {"cum_qty", a.cumQty},
                      {"leaves_qty", a.leavesQty},
                      {"order_id", str(a.orderId)},
                      {"order_status", str(a.orderStatus)},
                      {"net_amount", a.netAmount},
                      {"description", str(a.description)},
                      {"sub_type", str(a.subType)}};
        if (a.price)
            o.insert(QStringLiteral("price"), *a.price);
        activities.append(o);
    }
    withActivities.insert(QStringLiteral("activities"), activities);
    return QJsonDocument(withActivities).toJson(QJsonDocument::Indented);
}

Result<market::PaperAccount::State> SharedAccountFile::fromJson(const QByteArray &json) {
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make("it is not JSON (" + err.errorString().toStdString() + " at byte " +
                           std::to_string(err.offset) + ")");
    const QJsonObject root = doc.object();
    if (root["format"].toInt() != kFormat)
        return Error::make("it has format " + std::to_string(root["format"].toInt()) +
                           ", this version reads " + std::to_string(kFormat));
    if (!root["cash"].isDouble() || !root["orders"].isArray() || !root["positions"].isArray() ||
        !root["account_id"].isString())
        return Error::make("it lacks the cash, orders, positions or account id");
    market::PaperAccount::State s;
    s.accountId = textField(root, "account_id");
    s.accountNumber = textField(root, "account_number");
    s.createdAt = fromMs(root["created_at"].toInteger());
    s.cash = root["cash"].toDouble();
    s.lastEquity = root["last_equity"].toDouble(s.cash);
    for (const QJsonValue &v : root["orders"].toArray()) {
        if (!v.isObject() || !v["id"].isString())
            return Error::make("an order has no id");
        s.orders.push_back(orderFrom(v.toObject()));
    }
    for (const QJsonValue &v : root["positions"].toArray()) {
        const QJsonObject p = v.toObject();
        if (!p["symbol"].isString() || !p["qty"].isDouble())
            return Error::make("a position has no symbol or quantity");
        s.positions.push_back(market::SimPosition{
            textField(p, "symbol"), textField(p, "asset_id"), textField(p, "asset_class"),
            p["qty"].toDouble(), p["cost_basis"].toDouble(), p["multiplier"].toDouble(100.0),
            p["do_not_exercise"].toBool(),                      // absent in older files: not marked
            p["overnight_qty"].toDouble(p["qty"].toDouble())}); // absent: held overnight
    }
    // Absent in files written before activities were kept: none.
    for (const QJsonValue &v : root["activities"].toArray()) {
        const QJsonObject j = v.toObject();
        market::SimActivity a;
        a.id = textField(j, "id");
        a.type = textField(j, "type");
        a.time = fromMs(j["time"].toInteger());
        a.date = textField(j, "date");
        a.symbol = textField(j, "symbol");
        a.qty = j["qty"].toDouble();
        if (j["price"].isDouble())
            a.price = j["price"].toDouble();
        a.fillType = textField(j, "fill_type");
        a.side = textField(j, "side");
        a.cumQty = j["cum_qty"].toDouble();
        a.leavesQty = j["leaves_qty"].toDouble();
        a.orderId = textField(j, "order_id");
        a.orderStatus = textField(j, "order_status");
        a.netAmount = j["net_amount"].toDouble();
        a.description = textField(j, "description");
        a.subType = textField(j, "sub_type");
        s.activities.push_back(std::move(a));
    }
    return s;
}

SharedAccountFile::SharedAccountFile(QString path)
    : m_path(std::move(path))
    , m_lock(m_path + QStringLiteral(".lock")) {
    m_lock.setStaleLockTime(30'000); // a crashed holder's lock is taken over
}

SharedAccountFile::~SharedAccountFile() {
    unlock();
}

Result<std::unique_ptr<SharedAccountFile>> SharedAccountFile::open(const QString &folder) {
    if (!QDir().mkpath(folder))
        return Error::make("Could not create the data folder " + folder.toStdString() +
                           " for the DEMO account");
    std::unique_ptr<SharedAccountFile> f(
        new SharedAccountFile(QDir(folder).filePath(QLatin1String(kFileName))));
    if (!f->lock())
        return Error::make("The DEMO account file " + f->m_path.toStdString() +
                           " stays locked by another process");
    f->load(nullptr);
    f->m_known.clear(); // the first pull loads it
    f->unlock();
    return f;
}

bool SharedAccountFile::lock() {
    if (m_locked)
        return true;
    m_locked = m_lock.tryLock(kLockWaitMs);
    if (!m_locked)
        qCWarning(lcFakeAlpaca).noquote()
            << "DEMO account file" << m_path << "is locked; using this process's copy";
    return m_locked;
}

void SharedAccountFile::unlock() {
    if (m_locked)
        m_lock.unlock();
    m_locked = false;
}

bool SharedAccountFile::load(market::PaperAccount *account) {
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcFakeAlpaca).noquote() << "cannot read" << m_path << file.errorString();
        return false;
    }
    const QByteArray bytes = file.readAll();
    file.close();
    if (bytes == m_known)
        return true;
    auto state = fromJson(bytes);
    if (!state) {
        // Keep the bad file for whoever wants to look at it, and start from a fresh account.
        const QString aside =
            m_path + QStringLiteral(".corrupt-") +
            QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmss"));
        QFile::rename(m_path, aside);
        m_notice = QStringLiteral("The DEMO account file could not be read (%1); it was kept as "
                                  "%2 and the DEMO account starts afresh.")
                       .arg(QString::fromStdString(state.error().message), aside);
        qCWarning(lcFakeAlpaca).noquote() << m_notice;
        m_known.clear(); // this process's account is written at the next push
        return false;
    }
    if (account)
        account->restore(std::move(state).value());
    m_known = bytes;
    return true;
}

void SharedAccountFile::pull(market::PaperAccount &account) {
    if (m_depth++ > 0)
        return;
    if (lock())
        load(&account);
}

void SharedAccountFile::push(const market::PaperAccount &account) {
    if (m_depth > 0 && --m_depth > 0)
        return;
    const QByteArray bytes = toJson(account.state());
    if (bytes != m_known && (m_locked || lock())) {
        QSaveFile out(m_path);
        if (out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size() && out.commit())
            m_known = bytes;
        else
            qCWarning(lcFakeAlpaca).noquote()
                << "cannot save the DEMO account to" << m_path << out.errorString();
    }
    unlock();
}

} // namespace cg::fake
