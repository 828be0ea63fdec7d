@echo off
rem Build, test and run the project on Windows. Needs only the .NET SDK.
rem   build.cmd            build everything
rem   build.cmd quickstart train AnoOnly and RandomizedPca on the bundled sample data
rem   build.cmd test       run all tests
setlocal
cd /d "%~dp0"
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
set target=%1
if "%target%"=="" set target=build
if "%target%"=="build" dotnet build AnoOnly.sln -c Release & exit /b %errorlevel%
if "%target%"=="quickstart" dotnet run --project examples/QuickStart -c Release & exit /b %errorlevel%
if "%target%"=="test" dotnet test AnoOnly.sln -c Release --logger "console;verbosity=normal" & exit /b %errorlevel%
echo usage: build.cmd [build^|quickstart^|test]
exit /b 2
