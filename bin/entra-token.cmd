@echo off
rem The entra-token command on PATH: runs the bundle beside this folder with the Node that ran the step
rem (ENTRA_TOKEN_NODE, recorded by the step, as a runner may have no node on PATH), else node.
setlocal
set "ENTRA_TOKEN_LAUNCH_NODE=node"
if defined ENTRA_TOKEN_NODE set "ENTRA_TOKEN_LAUNCH_NODE=%ENTRA_TOKEN_NODE%"
"%ENTRA_TOKEN_LAUNCH_NODE%" "%~dp0..\dist\cli\index.js" %*
exit /b %ERRORLEVEL%
