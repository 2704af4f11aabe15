#pragma once
// A strike window around the money: the N strikes below and the N strikes at or above the
// underlying price (0 = all strikes). Strikes come from StrikeRole, so it filters either layout.

#include <QSortFilterProxyModel>

#include <vector>

namespace cg::models {

class StrikeWindowProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit StrikeWindowProxyModel(QObject *parent = nullptr);

    int strikesEachSide() const { return m_each; }
    void setStrikesEachSide(int n);
    double underlyingPrice() const { return m_spot; }
    void setUnderlyingPrice(double spot);
    void setSourceModel(QAbstractItemModel *model) override;
    // Every role of a cell in one call to the source (models/proxy_multi_data.h).
    void multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void updateWindow();

    int m_each = 0;
    double m_spot = 0.0;
    double m_low = 0.0; // inclusive strike bounds of the window
    double m_high = 0.0;
    bool m_all = true;
    std::vector<QMetaObject::Connection> m_connections;
};

} // namespace cg::models
