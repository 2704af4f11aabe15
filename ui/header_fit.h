#pragma once
// Column titles that stay readable: a section is never narrower than its title plus the sort
// arrow ("Volume" clipped to "olume" once sorted), now and whenever the model or sort changes.

class QHeaderView;

namespace cg::ui {

enum class TitleFit {
    Every,     // every section
    SortedOnly // only the sort column: dense tables (the chain) keep their narrow columns
};

// Widens the sections narrower than their title with a sort arrow; never narrows one.
void fitSectionsToTitles(QHeaderView *header, TitleFit fit = TitleFit::Every);
// fitSectionsToTitles now, and again after a model reset or a change of the sort column.
void keepTitlesReadable(QHeaderView *header, TitleFit fit = TitleFit::Every);

} // namespace cg::ui
