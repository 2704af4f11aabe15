#include "ui/header_fit.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QStyle>
#include <QStyleOptionHeader>

namespace cg::ui {

void fitSectionsToTitles(QHeaderView *header, TitleFit fit) {
    const QAbstractItemModel *model = header->model();
    if (!model)
        return;
    for (int section = 0; section < header->count(); ++section) {
        if ((fit == TitleFit::SortedOnly && section != header->sortIndicatorSection()) ||
            header->isSectionHidden(section) ||
            header->sectionResizeMode(section) != QHeaderView::Interactive)
            continue;
        QStyleOptionHeader opt;
        opt.initFrom(header);
        opt.section = section;
        opt.orientation = header->orientation();
        opt.text = model->headerData(section, header->orientation()).toString();
        opt.sortIndicator = QStyleOptionHeader::SortDown; // room for the arrow, sorted or not
        opt.textAlignment = header->defaultAlignment();
        QFont font = header->font();
        font.setBold(true); // some styles draw the sorted section's title bold
        opt.fontMetrics = QFontMetrics(font);
        const QSize need =
            header->style()->sizeFromContents(QStyle::CT_HeaderSection, &opt, QSize(), header);
        const int width = need.width() + 4;
        if (header->sectionSize(section) < width)
            header->resizeSection(section, width);
    }
}

void keepTitlesReadable(QHeaderView *header, TitleFit fit) {
    fitSectionsToTitles(header, fit);
    const auto again = [header, fit] { fitSectionsToTitles(header, fit); };
    QObject::connect(header, &QHeaderView::sortIndicatorChanged, header, again);
    QObject::connect(header, &QHeaderView::sectionCountChanged, header, again);
    if (header->model()) {
        // After views that size their columns to the first rows' content.
        QObject::connect(header->model(), &QAbstractItemModel::modelReset, header, again);
        QObject::connect(header->model(), &QAbstractItemModel::layoutChanged, header, again);
        QObject::connect(header->model(), &QAbstractItemModel::rowsInserted, header, again);
    }
}

} // namespace cg::ui
