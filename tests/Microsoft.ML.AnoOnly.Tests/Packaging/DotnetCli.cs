using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace Microsoft.ML.AnoOnly.Tests.Packaging
{
    /// <summary>Runs the <c>dotnet</c> command line as a child process, isolated from the test host's MSBuild.</summary>
    internal static class DotnetCli
    {
        public sealed record Result(int ExitCode, string Output);

        /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
        public static Result Run(string workingDirectory, IReadOnlyList<string> arguments, TimeSpan timeout)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in arguments)
                start.ArgumentList.Add(argument);
            // The test host runs inside MSBuild/VSTest: its MSBuild variables would point a child build at
            // the wrong SDK pieces, and a reused build server would outlive the test.
            foreach (string name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly" })
                start.Environment.Remove(name);
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

            var output = new StringBuilder();
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish within {timeout}.\n{output}");
            }
            process.WaitForExit(); // drains the output readers
            lock (output)
                return new Result(process.ExitCode, output.ToString());
        }
    }
}
