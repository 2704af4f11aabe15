#pragma once
// The desktop front end's logging category (chaingate.ui). What a headless run prints as its
// result or as the reason it exits stays plain stdout/stderr: that is the program's output.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)
