#pragma once
// "Passing only": keeps the rows with a contract that passes all five gates (side by side, a
// strike stays while either side passes; the failing side answers DimmedRole and says so in its
// tooltip, so that it does not read as passing), and sorts any
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
    void setSourceModel(QAbstractItemModel *model) override;
    // Every role of a cell in one call to the source (models/proxy_multi_data.h).
    void multiData(const QModelIndex &index, QModelRoleDataSpan roleDataSpan) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    // The cell's contract fails a gate but is listed (Passing only, its strike's other side
    // passes).
    bool dimmed(const QModelIndex &index) const;
    QString dimmedToolTip(const QModelIndex &index, const QString &toolTip) const;
    // A gate cell of the source changed: the contract may pass or fail now, and every cell of its
    // side reads that (dimmed or not), not only the gate's.
    void repaintDimmedSides(const QModelIndex &topLeft, const QModelIndex &bottomRight);

    bool m_passingOnly = false;
    QMetaObject::Connection m_sourceChanged;
};

} // namespace cg::models
