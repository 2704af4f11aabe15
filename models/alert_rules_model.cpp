#include "models/alert_rules_model.h"

#include "models/display_format.h"

#include <QSettings>

#include <cmath>

namespace cg::models {

namespace {

QString valueText(const AlertRule &r, double v) {
    return r.metric == AlertMetric::ImpliedVol ? percentText(v * 100.0, 1) : priceText(v);
}

} // namespace

AlertRulesModel::AlertRulesModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void AlertRulesModel::setSettings(QSettings *settings, const QString &mode) {
    m_settings = settings;
    m_key = mode.isEmpty() ? QStringLiteral("alerts/rules")
                           : QStringLiteral("alerts/%1/rules").arg(mode.toLower());
    // An old build's one list was the real account's: PAPER or LIVE take it over once.
    // Taken over once: the old list goes, so a later LIVE start never brings back rules the
    // trader deleted or re-armed in PAPER.
    if (m_settings && !mode.isEmpty() && mode != QLatin1String("DEMO") &&
        !m_settings->contains(m_key) && m_settings->contains(QStringLiteral("alerts/rules"))) {
        m_settings->setValue(m_key, m_settings->value(QStringLiteral("alerts/rules")));
        m_settings->remove(QStringLiteral("alerts/rules"));
    }
    load();
}

int AlertRulesModel::add(AlertRule rule) {
    rule.id = m_nextId++;
    rule.armed = true;
    const int row = static_cast<int>(m_rules.size());
    beginInsertRows({}, row, row);
    m_rules.push_back(std::move(rule));
    endInsertRows();
    save();
    return m_rules.back().id;
}

void AlertRulesModel::remove(int row) {
    if (row < 0 || row >= rowCount())
        return;
    beginRemoveRows({}, row, row);
    m_rules.erase(m_rules.begin() + row);
    endRemoveRows();
    save();
}

void AlertRulesModel::rearm(int row) {
    if (row < 0 || row >= rowCount())
        return;
    rearmAlert(m_rules[size_t(row)]);
    Q_EMIT dataChanged(index(row, 0), index(row, Count - 1));
    save();
}

std::vector<AlertRule> AlertRulesModel::observe(const ValueOf &valueOf) {
    std::vector<AlertRule> fired;
    // A side learned or changed is saved too: a restart then starts from the side last seen
    // (a move back below an Above level, unsaved, hid the next crossing after a restart).
    bool sideChanged = false;
    for (size_t i = 0; i < m_rules.size(); ++i) {
        AlertRule &r = m_rules[i];
        const std::optional<double> v = valueOf(r);
        // No value now: its chain (a contract's: its expiry) is not shown, and the dock says so.
        const bool wasWatched = !m_unwatched.contains(r.id);
        if (v)
            m_unwatched.erase(r.id);
        else
            m_unwatched.insert(r.id);
        if (wasWatched != v.has_value()) {
            const int row = static_cast<int>(i);
            Q_EMIT dataChanged(index(row, State), index(row, State));
        }
        if (!v || (r.last && *r.last == *v))
            continue;
        // The side as the rule's crossing reads it (Above: at or above; Below: at or below).
        const auto past = [&r](double x) {
            return r.direction == AlertDirection::Above ? x >= r.level : x <= r.level;
        };
        sideChanged = sideChanged || !r.last || past(*r.last) != past(*v);
        const bool wasArmed = r.armed;
        if (observeAlert(r, *v))
            fired.push_back(r);
        const int row = static_cast<int>(i);
        Q_EMIT dataChanged(index(row, wasArmed != r.armed ? State : Last), index(row, Last));
    }
    if (!fired.empty() || sideChanged)
        save();
    return fired;
}

int AlertRulesModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rules.size());
}

int AlertRulesModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant AlertRulesModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const AlertRule &r = m_rules[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Alert:
            return qs(describeAlert(r));
        case State:
            if (!r.armed)
                return tr("Fired (re-arm to watch again)");
            return m_unwatched.contains(r.id) ? tr("Armed, no value now") : tr("Armed");
        case Last:
            return r.last ? valueText(r, *r.last) : QString();
        }
    }
    if (role == Qt::ToolTipRole && index.column() == State && r.armed && m_unwatched.contains(r.id))
        return tr("Not checked now: its chain (a contract's: its expiry) is not shown, or it has "
                  "no two-sided quote or IV");
    if (role == Qt::ToolTipRole && index.column() == Last)
        return tr("The last value seen in the chain shown (alerts are checked while their "
                  "symbol's chain is shown; a contract's, while its expiry is shown)");
    return {};
}

QVariant AlertRulesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Alert:
        return tr("Alert");
    case State:
        return tr("State");
    case Last:
        return tr("Last");
    }
    return {};
}

void AlertRulesModel::load() {
    if (!m_settings)
        return;
    beginResetModel();
    m_rules.clear();
    const QVariantList list = m_settings->value(m_key).toList();
    for (const QVariant &v : list) {
        const QVariantMap m = v.toMap();
        AlertRule r;
        r.id = m_nextId++;
        r.symbol = m.value(QStringLiteral("symbol")).toString().toStdString();
        r.metric = m.value(QStringLiteral("metric")).toString() == QLatin1String("iv")
                       ? AlertMetric::ImpliedVol
                       : AlertMetric::Price;
        r.direction = m.value(QStringLiteral("direction")).toString() == QLatin1String("below")
                          ? AlertDirection::Below
                          : AlertDirection::Above;
        bool ok = false;
        r.level = m.value(QStringLiteral("level")).toDouble(&ok);
        r.armed = m.value(QStringLiteral("armed"), true).toBool();
        // The side it was last seen on: a crossing while the console was closed fires at the
        // first value after the start.
        bool lastOk = false;
        const double last = m.value(QStringLiteral("last")).toDouble(&lastOk);
        if (lastOk && std::isfinite(last))
            r.last = last;
        if (!r.symbol.empty() && ok)
            m_rules.push_back(r);
    }
    endResetModel();
}

void AlertRulesModel::save() const {
    if (!m_settings)
        return;
    QVariantList list;
    for (const AlertRule &r : m_rules) {
        QVariantMap m;
        m[QStringLiteral("symbol")] = qs(r.symbol);
        m[QStringLiteral("metric")] =
            r.metric == AlertMetric::ImpliedVol ? QStringLiteral("iv") : QStringLiteral("price");
        m[QStringLiteral("direction")] = r.direction == AlertDirection::Below
                                             ? QStringLiteral("below")
                                             : QStringLiteral("above");
        m[QStringLiteral("level")] = r.level;
        m[QStringLiteral("armed")] = r.armed;
        if (r.last)
            m[QStringLiteral("last")] = *r.last;
        list << m;
    }
    m_settings->setValue(m_key, list);
}

} // namespace cg::models
