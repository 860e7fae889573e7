using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Incidents.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Problems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Fingerprint",
                table: "Incidents",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BacklogConnections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: false),
                    System = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Project = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    WorkItemType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Labels = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ProtectedToken = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ProtectedWebhookSecret = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    HookId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastReconciledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BacklogConnections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BacklogConnections_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JobCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobCursors", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "Notices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notices_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Problems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ServiceId = table.Column<long>(type: "INTEGER", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Category = table.Column<int>(type: "INTEGER", nullable: true),
                    RootCause = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Workaround = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ClosedReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    WatchUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ContributingFactors = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Whys = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Problems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Problems_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Countermeasures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProblemId = table.Column<long>(type: "INTEGER", nullable: true),
                    PostmortemId = table.Column<long>(type: "INTEGER", nullable: true),
                    TeamId = table.Column<long>(type: "INTEGER", nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    OwnerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Ineffective = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DoneAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BacklogSystem = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    BacklogItemId = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    BacklogUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    BacklogState = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    BacklogSyncedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BacklogError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Countermeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Countermeasures_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Countermeasures_Teams_TeamId",
                        column: x => x.TeamId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ProblemHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProblemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProblemHistory_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProblemIncidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProblemId = table.Column<long>(type: "INTEGER", nullable: false),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    LinkedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LinkedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProblemIncidents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProblemIncidents_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ProblemIncidents_Problems_ProblemId",
                        column: x => x.ProblemId,
                        principalTable: "Problems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_Fingerprint_TriggeredAt",
                table: "Incidents",
                columns: new[] { "Fingerprint", "TriggeredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BacklogConnections_HookId",
                table: "BacklogConnections",
                column: "HookId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BacklogConnections_TeamId",
                table: "BacklogConnections",
                column: "TeamId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_BacklogSystem_BacklogItemId",
                table: "Countermeasures",
                columns: new[] { "BacklogSystem", "BacklogItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_OwnerId",
                table: "Countermeasures",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_ProblemId",
                table: "Countermeasures",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_State_TeamId",
                table: "Countermeasures",
                columns: new[] { "State", "TeamId" });

            migrationBuilder.CreateIndex(
                name: "IX_Countermeasures_TeamId",
                table: "Countermeasures",
                column: "TeamId");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_Key",
                table: "Notices",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notices_NextAttemptAt",
                table: "Notices",
                column: "NextAttemptAt");

            migrationBuilder.CreateIndex(
                name: "IX_Notices_UserId",
                table: "Notices",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ProblemHistory_ProblemId_At",
                table: "ProblemHistory",
                columns: new[] { "ProblemId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ProblemIncidents_IncidentId",
                table: "ProblemIncidents",
                column: "IncidentId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProblemIncidents_ProblemId",
                table: "ProblemIncidents",
                column: "ProblemId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_Fingerprint",
                table: "Problems",
                column: "Fingerprint");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_ServiceId",
                table: "Problems",
                column: "ServiceId");

            migrationBuilder.CreateIndex(
                name: "IX_Problems_Status_CreatedAt",
                table: "Problems",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BacklogConnections");

            migrationBuilder.DropTable(
                name: "Countermeasures");

            migrationBuilder.DropTable(
                name: "JobCursors");

            migrationBuilder.DropTable(
                name: "Notices");

            migrationBuilder.DropTable(
                name: "ProblemHistory");

            migrationBuilder.DropTable(
                name: "ProblemIncidents");

            migrationBuilder.DropTable(
                name: "Problems");

            migrationBuilder.DropIndex(
                name: "IX_Incidents_Fingerprint_TriggeredAt",
                table: "Incidents");

            migrationBuilder.DropColumn(
                name: "Fingerprint",
                table: "Incidents");
        }
    }
}
