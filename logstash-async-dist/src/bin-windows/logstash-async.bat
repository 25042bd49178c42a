@echo off
rem logstash-async: the command-line tool of logstash-async for Java (logstash-async --help), on Windows.
rem Mirrors bin/logstash-async: runs the tool on the module path made of the jars in lib\ beside this script's bin\
rem folder, so the unpacked distribution works wherever it lies.
rem Needs Java 17 or later: %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else the java.exe on the PATH.
rem JAVA_OPTS are passed to the JVM. Exits 3 when it finds no Java 17+, else with the tool's exit code.
rem No delayed expansion anywhere: it would eat the "!" of the arguments.
setlocal
set "home=%~dp0.."
set "java="
if defined JAVA_HOME goto javahome
for %%J in (java.exe) do set "java=%%~$PATH:J"
if not defined java goto nojava
goto version
:javahome
set "java=%JAVA_HOME%\bin\java.exe"
if not exist "%java%" goto nojava

:version
rem "java -version" names the version on its first line: "17.0.2", "21", or "1.8.0_402" for Java 8
set "version="
set "major="
for /f "tokens=3" %%V in ('call "%%java%%" -version 2^>^&1 ^| findstr /i version') do set "version=%%~V"
for /f "tokens=1,2 delims=._-+" %%A in ("%version%") do set "first=%%A" & set "second=%%B"
if defined version set "major=%first%"
if "%first%"=="1" set "major=%second%"
if not defined major goto options
if %major% LSS 17 goto oldjava

:options
rem sqlite-jdbc (and JavaFX, for the monitor command) load native libraries: Java 24 and later warn unless their
rem modules may; JavaFX 21 uses sun.misc.Unsafe, which Java 24 and later warn about unless allowed (Java 23+).
set "unsafe="
if not defined major goto monitor
if %major% GEQ 23 set "unsafe=--sun-misc-unsafe-memory-access=allow"
:monitor
rem The tool needs the desktop monitor's module only for its monitor command: it is added to the boot layer when it
rem and JavaFX are in lib\, and the tool runs without them.
set "monitor="
set "native=org.xerial.sqlitejdbc"
if not exist "%home%\lib\logstash-async-fx-*.jar" goto run
if not exist "%home%\lib\javafx-graphics-*-*.jar" goto run
set "monitor=--add-modules=io.github.logstashasync.fx"
set "native=javafx.graphics,org.xerial.sqlitejdbc"

:run
"%java%" --enable-native-access=%native% %unsafe% %monitor% %JAVA_OPTS% ^
  --module-path "%home%\lib" --module io.github.logstashasync.cli/io.github.logstashasync.cli.Main %*
exit /b %ERRORLEVEL%

:nojava
if defined JAVA_HOME echo logstash-async: no Java found in JAVA_HOME=%JAVA_HOME%: install Java 17 or later and put it on the PATH, or set JAVA_HOME 1>&2
if not defined JAVA_HOME echo logstash-async: no Java found: install Java 17 or later and put it on the PATH, or set JAVA_HOME 1>&2
exit /b 3

:oldjava
echo logstash-async: needs Java 17 or later, but %java% is Java %major%: set JAVA_HOME to a newer one or put it first on the PATH 1>&2
exit /b 3
