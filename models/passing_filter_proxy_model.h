#pragma once
// "Passing only": keeps the rows with a contract that passes all five gates, and sorts any
// column by its raw value (not its text); rows of one value keep the source's order (the flat
// list's strike, type, symbol), however they reach the proxy.

#include <QSortFilterProxyModel>

namespace cg::models {

class PassingFilterProxyModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit PassingFilterProxyModel(QObject *parent = nullptr);

    bool passingOnly() const { return m_passingOnly; }
    void setPassingOnly(bool on);
    // Every role of a cell in one call to the source (models/proxy_multi_data.h).
    void multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool m_passingOnly = false;
};

} // namespace cg::models
