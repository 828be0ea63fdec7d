using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>
    /// <c>score</c>'s streaming reader of numbers and ML.NET's TextLoader write the same bytes: the streaming reader copies
    /// each plain line through and parses numbers as TextLoader does, and hands anything else to TextLoader.
    /// </summary>
    public sealed class CliStreamingScoreTests
    {
        [Test]
        public void StreamingReaderAndTextLoaderWriteTheSameBytes()
        {
            using var folder = new TempFolder();
            string model = TrainNumericModel(folder);
            // Number forms TextLoader reads (values the model can score: TextLoaderNumbersTests covers the rest), blanks and missing markers, text with spaces and UTF-8 in the id,
            // blank and comment lines, CRLF line ends, and more rows than one block of the streaming reader.
            var text = new StringBuilder("id,a,b,c,note\r\n");
            string[] numbers = { "0.5", "-0", "+3", ".25", "7.", "1e-3", "2.5E+2", "-1.5e-7", "", "?", "NaN", "1234567890123",
                "0.000000000000000000000000000000000000000001", "0.1234567890123456789", "42", "-0.0", "99.5e-2" };
            var random = new Random(1);
            for (int i = 0; i < 40_000; i++)
            {
                if (i % 997 == 0)
                    text.Append("\r\n");
                if (i % 1999 == 0)
                    text.Append("// a comment line\r\n");
                string Number() => random.Next(4) == 0 ? numbers[random.Next(numbers.Length)]
                    : (random.NextDouble() * 2 - 1).ToString(random.Next(2) == 0 ? "R" : "F4", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"r{i} Zürich\t{i % 7},{Number()},{Number()},{Number()},note {i % 3}\r\n");
            }
            string data = folder.File("data.csv");
            File.WriteAllText(data, text.ToString(), new UTF8Encoding(false));

            (string streamed, string output) = Score(folder, data, model, "streamed.csv");
            Assert.That(output, Does.Contain("Scored with the streaming reader."));
            (string loaded, string slowOutput) = Score(folder, data, model, "loaded.csv", "--mlnet-reader");
            Assert.That(slowOutput, Does.Contain("Scored with TextLoader (--mlnet-reader)"));
            AssertSameBytes(streamed, loaded);
            Assert.That(File.ReadLines(streamed).Count(), Is.EqualTo(40_001));
        }

        [Test]
        public void ALineTheStreamingReaderCannotTakeHandsTheRestOfTheFileToTextLoader()
        {
            using var folder = new TempFolder();
            string model = TrainNumericModel(folder);
            var text = new StringBuilder("id,a,b,c,note\n");
            for (int i = 0; i < 30_000; i++)
            {
                // Row 20,001 is quoted; row 25,001 has a space before a number, which TextLoader skips.
                string id = i == 20_000 ? "\"r, quoted\"" : $"r{i}";
                string a = i == 25_000 ? " 0.5" : (i % 13 / 13.0).ToString("R", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"{id},{a},{i % 5},{i % 11 * 0.1},n\n");
            }
            string data = folder.File("data.csv");
            File.WriteAllText(data, text.ToString());

            (string streamed, string output) = Score(folder, data, model, "streamed.csv");
            Assert.That(output.ReplaceLineEndings(" "), Does.Contain("the streaming reader for 20,000 rows, then TextLoader (row 20,001"));
            (string loaded, _) = Score(folder, data, model, "loaded.csv", "--mlnet-reader");
            AssertSameBytes(streamed, loaded);
        }

        [Test]
        public void AnErrorInAStreamedBlockNamesTheFilesRowAndColumn()
        {
            using var folder = new TempFolder();
            string model = TrainNumericModel(folder, "--missing", "error");
            var text = new StringBuilder("id,a,b,c,note\n");
            for (int i = 0; i < 20_000; i++)
                text.Append(CultureInfo.InvariantCulture, $"r{i},0.5,{(i == 19_000 ? "" : "1")},0.25,n\n");
            string data = folder.File("data.csv");
            File.WriteAllText(data, text.ToString());

            var result = CliRunner.Run("score", data, "--model", model, "--out", folder.File("out.csv"));
            Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
            Assert.That(result.Output.ReplaceLineEndings(" "), Does.Contain("Data row 19001: column 'b' holds no usable number"));
            Assert.That(File.Exists(folder.File("out.csv")), Is.False, "no half-written output");
        }

        [TestCase("a;b;c", "semicolon")]
        [TestCase("a\tb\tc", "tab")]
        public void OtherSeparatorsStreamToo(string header, string separator)
        {
            using var folder = new TempFolder();
            char sep = header[1];
            string train = folder.File("train.csv"), data = folder.File("data.csv"), model = folder.File("model.zip");
            var rows = Enumerable.Range(0, 300).Select(i => string.Join(sep, (i % 7 * 0.1).ToString("R", CultureInfo.InvariantCulture),
                (i % 3).ToString(CultureInfo.InvariantCulture), i % 30 == 0 ? "1" : "0"));
            File.WriteAllLines(train, rows.Prepend(header));
            Assert.That(CliRunner.Run("train", train, "--separator", separator, "--label", "c", "--backbone", "DevNet", "--epochs", "2",
                "--out", model).ExitCode, Is.EqualTo(0));
            (string streamed, string output) = Score(folder, train, model, "streamed.csv", "--separator", separator);
            Assert.That(output, Does.Contain("Scored with the streaming reader."));
            (string loaded, _) = Score(folder, train, model, "loaded.csv", "--separator", separator, "--mlnet-reader");
            AssertSameBytes(streamed, loaded);
        }

        /// <summary>A DevNet model of the numeric columns a, b, c (the id and the note are left out), trained with blanks so
        /// that its preparation imputes them and adds missing indicators.</summary>
        private static string TrainNumericModel(TempFolder folder, params string[] options)
        {
            string train = folder.File("train.csv"), model = folder.File("model.zip");
            var text = new StringBuilder("id,a,b,c,note,label\n");
            var random = new Random(2);
            for (int i = 0; i < 400; i++)
            {
                bool blank = options.Length == 0 && i % 37 == 5;
                text.Append(CultureInfo.InvariantCulture,
                    $"t{i},{(blank ? "" : random.NextDouble().ToString("R", CultureInfo.InvariantCulture))},{random.Next(5)},{random.NextDouble():F3},x{i},{(i % 40 == 0 ? 1 : 0)}\n");
            }
            File.WriteAllText(train, text.ToString());
            var trained = CliRunner.Run(new[] { "train", train, "--backbone", "DevNet", "--epochs", "2", "--features", "a,b,c", "--out", model }
                .Concat(options).ToArray());
            Assert.That(trained.ExitCode, Is.EqualTo(0), trained.Output);
            return model;
        }

        private static (string Path, string Output) Score(TempFolder folder, string data, string model, string name, params string[] options)
        {
            string path = folder.File(name);
            var result = CliRunner.Run(new[] { "score", data, "--model", model, "--out", path, "--timings" }.Concat(options).ToArray());
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
            return (path, result.Output);
        }

        private static void AssertSameBytes(string expectedPath, string actualPath)
        {
            byte[] expected = File.ReadAllBytes(expectedPath), actual = File.ReadAllBytes(actualPath);
            int first = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
            if (first < 0 && expected.Length == actual.Length)
                return;
            int at = first < 0 ? Math.Min(expected.Length, actual.Length) : first;
            string Around(byte[] bytes) => Encoding.UTF8.GetString(bytes, Math.Max(0, at - 80), Math.Min(160, bytes.Length - Math.Max(0, at - 80)));
            Assert.Fail($"The outputs differ at byte {at} ({expected.Length} vs {actual.Length} bytes):\n{Around(expected)}\n---\n{Around(actual)}");
        }
    }
}
