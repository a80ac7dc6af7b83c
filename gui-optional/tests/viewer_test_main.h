// A QTest main for widget tests that run without a display: the offscreen platform unless
// the environment chose one (Xvfb screenshots set QT_QPA_PLATFORM=xcb).
#pragma once

#include <QApplication>
#include <QStandardPaths>
#include <QTest>

#define LUACAP_VIEWER_TEST_MAIN(TestClass)                                \
    int main(int argc, char **argv)                                       \
    {                                                                     \
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))               \
            qputenv("QT_QPA_PLATFORM", "offscreen");                      \
        QApplication app(argc, argv);                                     \
        QStandardPaths::setTestModeEnabled(true);                         \
        QApplication::setOrganizationName("luacap-viewer-tests");         \
        TestClass test;                                                   \
        return QTest::qExec(&test, argc, argv);                           \
    }
