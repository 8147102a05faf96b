# syntax=docker/dockerfile:1
# E-Raport web app. Build: docker compose build (see README, "Deploying to a server").
# .NET 10 images follow 10.0 patch releases (security fixes); global.json accepts any 10.0 SDK.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that code changes reuse the package layer.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Write/ERaport.Write.csproj src/Write/
COPY src/Read/ERaport.Read.csproj src/Read/
COPY src/Web/ERaport.Web.csproj src/Web/
RUN dotnet restore src/Web/ERaport.Web.csproj
COPY src/ src/
RUN dotnet publish src/Web/ERaport.Web.csproj -c Release --no-restore -o /app -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The read model and the Data Protection keys live on volumes owned by the non-root user.
RUN mkdir -p /data /keys && chown "$APP_UID" /data /keys
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ReadModel__Path=/data/readmodel.db \
    DataProtection__KeysPath=/keys \
    DOTNET_NOLOGO=1
# The image's "app" user (uid 1654), never root.
USER $APP_UID
EXPOSE 8080
# Liveness only (/healthz, anonymous, touches nothing). The image has no curl: bash speaks HTTP itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "ERaport.Web.dll"]
