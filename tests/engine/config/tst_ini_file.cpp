// Tests for IniFile: sections, keys, comments, line numbers, and errors naming file:line.
#include <QtTest>

#include "config/ini_file.h"

using namespace luacap::engine;

class TstIniFile : public QObject {
    Q_OBJECT
private slots:
    void parsesSectionsAndLines();
    void errors_data();
    void errors();
    void loadMissingFile();
};

void TstIniFile::parsesSectionsAndLines()
{
    const std::string text =
        "# comment\n"
        "[default]\n"
        "tcpTimeout = 600\n"
        "; another comment\n"
        "  elasticsearch= , , http://127.0.0.1:9200,\r\n"
        "empty=\n"
        "\n"
        "[custom-fields]\n"
        "iscool=kind:termfield;db:iscool\n"
        "[default]\n"
        "tcpTimeout=700\n";
    IniFile ini;
    std::string error;
    QVERIFY2(ini.parse(text, "test.ini", &error), error.c_str());
    QCOMPARE(ini.sections().size(), size_t(2));
    const IniSection *def = ini.section("default");
    QVERIFY(def);
    QCOMPARE(def->line, 2);
    const IniEntry *timeout = def->find("tcpTimeout");
    QVERIFY(timeout);
    QCOMPARE(timeout->value, std::string("700"));   // repeated section and key: last value wins
    QCOMPARE(timeout->line, 11);
    QCOMPARE(def->find("elasticsearch")->value, std::string(", , http://127.0.0.1:9200,"));
    QCOMPARE(def->find("elasticsearch")->line, 5);
    QCOMPARE(def->find("empty")->value, std::string());
    QCOMPARE(ini.section("custom-fields")->find("iscool")->value, std::string("kind:termfield;db:iscool"));
    QVERIFY(ini.section("nope") == nullptr);
    QCOMPARE(ini.where(7), std::string("test.ini:7"));
}

void TstIniFile::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("key before section") << "a=1\n" << "x.ini:1: key 'a' before any [section]";
    QTest::newRow("no equals") << "[s]\n\njust words\n" << "x.ini:3: expected key=value, got 'just words'";
    QTest::newRow("empty key") << "[s]\n=5\n" << "x.ini:2: expected key=value";
    QTest::newRow("unclosed header") << "[s\n" << "x.ini:1: malformed section header '[s'";
    QTest::newRow("empty header") << "[ ]\n" << "x.ini:1: malformed section header";
}

void TstIniFile::errors()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    IniFile ini;
    std::string error;
    QVERIFY(!ini.parse(text.toStdString(), "x.ini", &error));
    QVERIFY2(QString::fromStdString(error).startsWith(message), error.c_str());
}

void TstIniFile::loadMissingFile()
{
    IniFile ini;
    std::string error;
    QVERIFY(!ini.load("/nonexistent/luacap.ini", &error));
    QVERIFY2(QString::fromStdString(error).contains("/nonexistent/luacap.ini"), error.c_str());
}

QTEST_GUILESS_MAIN(TstIniFile)
#include "tst_ini_file.moc"
