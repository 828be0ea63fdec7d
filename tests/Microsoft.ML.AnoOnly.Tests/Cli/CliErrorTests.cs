using System;
using System.IO;
using Microsoft.ML.AnoOnly.Cli;
using NUnit.Framework;
using Spectre.Console;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>User errors: one readable line, no stack trace, exit code 1; anything else exit code 2.</summary>
    public sealed class CliErrorTests
    {
        private static string SmallCsv(TempFolder folder)
        {
            string path = folder.File("small.csv");
            File.WriteAllText(path, "name,a,b,label\nx,0.1,0.2,0\ny,0.3,0.4,1\nz,0.5,0.6,0\n");
            return path;
        }

        [TestCase("No such file", "train", "{dir}/missing.csv")]
        [TestCase("has no label column 'fraud'", "train", "{csv}", "--label", "fraud")]
        [TestCase("has no feature column 'c'", "train", "{csv}", "--features", "a,c")]
        [TestCase("must hold 1/0 or true/false", "train", "{csv}", "--label", "name")]
        [TestCase("--epochs: NumberOfEpochs must be at least 1", "train", "{csv}", "--epochs", "0")]
        [TestCase("--backbone: unknown backbone 'Transformer'", "train", "{csv}", "--backbone", "Transformer")]
        [TestCase("--separator must be one character", "train", "{csv}", "--separator", "tabs")]
        [TestCase("'anoonly train'", "score", "{csv}", "--model", "{dir}/none.zip")]
        [TestCase("is not a model saved by ML.NET", "score", "{csv}", "--model", "{csv}")]
        [TestCase("--false-positives takes whole numbers", "evaluate", "{csv}", "--model", "{csv}", "--false-positives", "ten")]
        [TestCase("Unknown command 'cluster'", "cluster")]
        [TestCase("labeled as an anomaly in column 'a'", "train", "{csv}", "--label", "a", "--epochs", "1")]
        public void UserErrorsAreOneLineWithExitCodeOne(string expected, params string[] args)
        {
            using var folder = new TempFolder();
            string csv = SmallCsv(folder);
            string[] resolved = Array.ConvertAll(args, a => a.Replace("{csv}", csv).Replace("{dir}", folder.Path));
            var result = CliRunner.Run(resolved);
            Assert.That(result.ExitCode, Is.EqualTo(1), result.Output);
            Assert.That(result.Output, Does.Contain("Error: "));
            Assert.That(result.Output, Does.Not.Contain("   at "), "no stack trace for a user error");
            Assert.That(result.Output.Replace(Environment.NewLine, " "), Does.Contain(expected));
        }

        [Test]
        public void UnexpectedFailuresExitWithTwo()
        {
            var writer = new StringWriter();
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Out = new AnsiConsoleOutput(writer) });
            int code = CliApp.Report(console, new InvalidOperationException("disk on fire"));
            Assert.That(code, Is.EqualTo(2));
            Assert.That(writer.ToString(), Does.Contain("Unexpected error (InvalidOperationException): disk on fire"));
        }

        [TestCase]
        [TestCase("train")]
        [TestCase("score")]
        [TestCase("evaluate")]
        [TestCase("sweep")]
        public void HelpIsAvailableEverywhere(params string[] command)
        {
            var result = CliRunner.Run([.. command, "--help"]);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
            Assert.That(result.Output, Does.Contain("USAGE:").And.Contain("anoonly"));
        }
    }
}
