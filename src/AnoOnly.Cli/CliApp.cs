using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.ML.AnoOnly.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli
{
    /// <summary>The <c>anoonly</c> command line: its commands, and how failures become messages and exit codes.</summary>
    internal static class CliApp
    {
        /// <summary>Runs the command line on <paramref name="args"/>, writing to <paramref name="console"/>.</summary>
        /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
        public static int Run(IEnumerable<string> args, IAnsiConsole console)
        {
            var app = new CommandApp();
            app.Configure(config =>
            {
                config.SetApplicationName("anoonly");
                config.ConfigureConsole(console);
                config.SetExceptionHandler((exception, _) => Report(console, exception));

                config.AddCommand<TrainCommand>("train")
                    .WithDescription("Train an AnoOnly detector on a delimited text file (CSV) with a few labeled anomalies.")
                    .WithExample("train", "transactions.csv", "--label", "is_fraud", "--out", "model.zip")
                    .WithExample("train", "data.csv", "--label", "label", "--features", "amount,age,balance", "--epochs", "30", "--seed", "7");
                config.AddCommand<SweepCommand>("sweep")
                    .WithDescription("Search the trainer's settings (backbone, loss, learning rate, epochs, batch size) by cross-validation on the labeled anomalies, show a leaderboard, save the chosen model like train and every trial as CSV.")
                    .WithExample("sweep", "transactions.csv", "--label", "is_fraud", "--out", "model.zip", "--trials", "trials.csv")
                    .WithExample("sweep", "data.csv", "--max-trials", "40", "--max-minutes", "10", "--metric", "AreaUnderPrCurve");
                config.AddCommand<ScoreCommand>("score")
                    .WithDescription("Score a delimited text file with a saved model, streaming it to an output file (input columns + Score + PredictedLabel).")
                    .WithExample("score", "new.csv", "--model", "model.zip", "--out", "scored.csv")
                    .WithExample("score", "new.csv", "--model", "model.zip", "--explain", "3");
                config.AddCommand<ExportCommand>("export")
                    .WithDescription("Write a saved model as an ONNX model (input Features, outputs Score and PredictedLabel) for ONNX Runtime, SynapseML or SQL PREDICT.")
                    .WithExample("export", "--model", "model.zip", "--onnx", "model.onnx");
                config.AddCommand<BackbonesCommand>("backbones")
                    .WithDescription("List the detection networks --backbone accepts, with the defaults each trains with.");
                config.AddCommand<EvaluateCommand>("evaluate")
                    .WithDescription("Evaluate a saved model on a file with true labels: AUC-ROC, AUC-PR, detection rate at K false positives, ROC curve PNG.")
                    .WithExample("evaluate", "test.csv", "--model", "model.zip", "--label", "label", "--roc", "roc.png");
            });
            return app.Run(args);
        }

        /// <summary>Prints a failure readably and picks its exit code: user errors get one line and no stack trace.</summary>
        internal static int Report(IAnsiConsole console, Exception exception)
        {
            if (IsUserError(exception))
            {
                console.MarkupLine("[red]Error:[/] " + Markup.Escape(UserMessage(exception)));
                return ExitCodes.UserError;
            }
            if (exception is OperationCanceledException)
            {
                console.MarkupLine("[yellow]Cancelled.[/]");
                return ExitCodes.UserError;
            }
            console.MarkupLine($"[red]Unexpected error ({Markup.Escape(exception.GetType().Name)}):[/] {Markup.Escape(exception.Message)}");
            console.WriteLine(exception.ToString());
            return ExitCodes.Unexpected;
        }

        private static bool IsUserError(Exception exception) => exception switch
        {
            CliUserException or CommandAppException => true,
            AnoOnlyInputException or AnoOnlyTrainingException or AnoOnlyModelFormatException => true,
            FileNotFoundException or DirectoryNotFoundException or InvalidDataException or UnauthorizedAccessException => true,
            // Option values the trainer rejects (epochs, contamination, ...).
            ArgumentException => true,
            _ => false,
        };

        private static string UserMessage(Exception exception) => exception switch
        {
            // Spectre's parse errors carry a pretty version of themselves; the plain message reads well in a log.
            CommandAppException app => app.Message + " (see --help)",
            _ => exception.Message,
        };
    }
}
