// JunitWriter implementation (main thread).
#include "testing/junit_writer.h"

#include <QFile>
#include <QXmlStreamWriter>

namespace luacap::app::testing {

bool JunitWriter::write(const QString &path, const std::vector<TestCase> &cases, const std::vector<CaseResult> &results,
                        QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = "cannot write " + path + ": " + file.errorString();
        return false;
    }
    int failures = 0, errors = 0;
    double seconds = 0;
    for (const CaseResult &r : results) {
        failures += !r.passed && r.error.isEmpty();
        errors += !r.error.isEmpty();
        seconds += r.seconds;
    }
    QXmlStreamWriter xml(&file);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement("testsuites");
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", "luacap test");
    xml.writeAttribute("tests", QString::number(cases.size()));
    xml.writeAttribute("failures", QString::number(failures));
    xml.writeAttribute("errors", QString::number(errors));
    xml.writeAttribute("time", QString::number(seconds, 'f', 3));
    for (size_t i = 0; i < cases.size(); ++i) {
        const CaseResult &r = results[i];
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "luacap");
        xml.writeAttribute("name", cases[i].name);
        xml.writeAttribute("time", QString::number(r.seconds, 'f', 3));
        if (!r.error.isEmpty()) {
            xml.writeStartElement("error");
            xml.writeAttribute("message", r.error.section('\n', 0, 0));
            xml.writeCharacters(r.error);
            xml.writeEndElement();
        } else if (!r.passed) {
            xml.writeStartElement("failure");
            xml.writeAttribute("message", r.diff.value(0));
            xml.writeCharacters(r.diff.join('\n'));
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndDocument();
    file.close();
    if (xml.hasError() || file.error() != QFile::NoError) {
        *error = "cannot write " + path + ": " + file.errorString();
        return false;
    }
    return true;
}

} // namespace luacap::app::testing
